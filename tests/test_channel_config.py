"""DUBAN_CHANNEL and each platform's credentials in .env: what a deployment writes, and the mistakes it is told of."""
import re

import pytest

from bot.channels.configs import DingTalkConfig, WeComCallback, WeComConfig
from bot.config import ConfigError, load_settings

AES_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"


def settings_from(tmp_path, monkeypatch, text: str):
    for key in ("DUBAN_CHANNEL", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    env = tmp_path / ".env"
    env.write_text(text, encoding="utf-8")
    return load_settings(env)


def test_telegram_stays_the_default(tmp_path, monkeypatch):
    settings = settings_from(tmp_path, monkeypatch, "TELEGRAM_BOT_TOKEN=123:abc\n")
    assert settings.channel == "telegram" and settings.has_credentials()


def test_dingtalk_with_its_app_credentials(tmp_path, monkeypatch):
    settings = settings_from(tmp_path, monkeypatch, "DUBAN_CHANNEL=dingtalk\nDINGTALK_CLIENT_ID=dingyongning\n"
                                                    "DINGTALK_CLIENT_SECRET=s3cret\nDINGTALK_AGENT_ID=3001\n")
    assert settings.dingtalk == DingTalkConfig("dingyongning", "s3cret", "dingyongning", 3001)
    assert settings.has_credentials()


def test_wecom_with_its_app_and_callback(tmp_path, monkeypatch):
    settings = settings_from(tmp_path, monkeypatch, "DUBAN_CHANNEL=wecom\nWECOM_CORP_ID=ww1436e0e65a779aee\n"
                             "WECOM_SECRET=s3cret\nWECOM_AGENT_ID=1000002\nWECOM_TOKEN=hJqcu3uJ9Tn2gXPm\n"
                             f"WECOM_AES_KEY={AES_KEY}\nWECOM_CALLBACK_LISTEN=0.0.0.0:9001\n")
    assert settings.wecom == WeComConfig("ww1436e0e65a779aee", "s3cret", 1000002)
    assert settings.wecom_callback == WeComCallback("hJqcu3uJ9Tn2gXPm", AES_KEY, "0.0.0.0", 9001)


def test_a_channel_without_credentials_is_a_rehearsal(tmp_path, monkeypatch):
    settings = settings_from(tmp_path, monkeypatch, "DUBAN_CHANNEL=wecom\n")
    assert settings.channel == "wecom" and not settings.has_credentials()


@pytest.mark.parametrize("text, named", [
    ("DUBAN_CHANNEL=feishu\n", "DUBAN_CHANNEL"),
    ("DUBAN_CHANNEL=dingtalk\nDINGTALK_CLIENT_ID=dingyongning\n", "DINGTALK_CLIENT_SECRET"),
    ("DUBAN_CHANNEL=wecom\nWECOM_CORP_ID=ww1\nWECOM_SECRET=s\nWECOM_AGENT_ID=1000002\nWECOM_TOKEN=t\n",
     "WECOM_AES_KEY"),
    ("DUBAN_CHANNEL=wecom\nWECOM_CORP_ID=ww1\nWECOM_SECRET=s\nWECOM_AGENT_ID=第二个\nWECOM_TOKEN=t\n"
     f"WECOM_AES_KEY={AES_KEY}\n", "WECOM_AGENT_ID"),
], ids=["unknown channel", "half of dingtalk", "wecom without its key", "agent id not a number"])
def test_a_mistake_is_named(tmp_path, monkeypatch, text, named):
    with pytest.raises(ConfigError, match=named):
        settings_from(tmp_path, monkeypatch, text)


def test_an_invite_on_dingtalk_is_the_code_the_person_sends_the_bot(tmp_path, monkeypatch, capsys):
    from bot.cli.main import main
    monkeypatch.chdir(tmp_path)
    for key, value in (("DUBAN_DATABASE_URL", f"sqlite:///{tmp_path / 'duban.sqlite3'}"), ("DUBAN_CHANNEL", "dingtalk"),
                       ("DINGTALK_CLIENT_ID", "dingyongning"), ("DINGTALK_CLIENT_SECRET", "s3cret")):
        monkeypatch.setenv(key, value)
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["invite", "--role", "admin"]) == 0
    said = capsys.readouterr().out
    assert "钉钉" in said and "t.me" not in said and re.search(r"邀请码：[A-Za-z0-9_-]{32}\n", said)


def test_duban_run_on_a_channel_without_credentials_refuses_a_production_role(tmp_path, monkeypatch, capsys):
    from bot.cli.main import main
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DUBAN_DATABASE_URL", f"sqlite:///{tmp_path / 'duban.sqlite3'}")
    monkeypatch.delenv("WECOM_CORP_ID", raising=False)
    monkeypatch.setattr("bot.cli.commands.configure_logging", lambda: None)   # not onto the captured stderr
    assert main(["run", "--channel", "wecom", "--role", "sender"]) == 2
    assert "未设置企业微信的凭证" in capsys.readouterr().err
