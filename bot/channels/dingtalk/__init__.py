"""DingTalk (钉钉): robot client (one-to-one messages, cards, files, 工作通知), Stream-mode receiver, local emulator."""
