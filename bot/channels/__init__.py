"""Chat platforms behind one contract (base.py): DingTalk and WeCom now, Telegram once the channel seam lands."""
