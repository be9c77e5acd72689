"""What a deployment configures for DingTalk or WeCom: plain values, read by bot.config without the clients."""
from dataclasses import dataclass

CHANNELS = ("telegram", "dingtalk", "wecom")


@dataclass(frozen=True)
class DingTalkConfig:
    client_id: str                # the app's AppKey / Client ID
    client_secret: str
    robot_code: str               # the robot's code; the app's Client ID unless the robot has its own
    agent_id: int | None = None   # only for 工作通知
    qps: int = 20                 # the app's calls a second: 20 on the standard edition, 40 or 60 on others
    api: str = "https://api.dingtalk.com"
    oapi: str = "https://oapi.dingtalk.com"


@dataclass(frozen=True)
class WeComConfig:
    corp_id: str
    secret: str                   # the 自建应用's Secret
    agent_id: int
    api: str = "https://qyapi.weixin.qq.com"


@dataclass(frozen=True)
class WeComCallback:
    token: str                    # the Token and EncodingAESKey the admin set for the app's 接收消息
    aes_key: str
    host: str = "127.0.0.1"
    port: int = 8766
    path: str = "/wecom/callback"
