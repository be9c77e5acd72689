"""WeCom (企业微信) 自建应用: client (message/send, media), encrypted callback, and a local emulator."""
