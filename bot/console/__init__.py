"""The office's web console: one more adapter over the same use cases as the chat and the command line.

Server-rendered pages (Jinja2) with htmx for partial updates, served by the
aiohttp server `duban run` starts (`--console HOST:PORT`). bot.console.app builds
the application; each page is a module of bot.console.pages.
"""
