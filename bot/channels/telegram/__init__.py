"""Telegram behind the channel contract (bot.channels.base): the only package that imports `telegram`."""
