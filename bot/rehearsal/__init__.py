"""A plan year rehearsed without Telegram: the Bot API emulator, the web chat, the demo and `duban simulate`."""
