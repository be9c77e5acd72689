"""Chat platforms behind one contract (base.py): Telegram, DingTalk and WeCom."""
