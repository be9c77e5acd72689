"""The adapters people touch: the command line now, the Telegram bot later."""
