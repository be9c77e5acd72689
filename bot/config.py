"""The one place that reads configuration: the environment first, then a .env file beside it.

A missing or malformed value is one clear line naming the key. The bot token is
only required by the commands that talk to Telegram.
"""
import ipaddress
import os
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values
from platformdirs import user_data_dir

from bot import messages as m
from bot.channels.configs import CHANNELS, DingTalkConfig, WeComCallback, WeComConfig
from bot.logs import protect
from workflows.errors import SetupError

TELEGRAM_BASE_URL = "https://api.telegram.org/bot"


class ConfigError(SetupError, ValueError):
    """A configuration key is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    timezone: ZoneInfo
    calendar_file: Path | None
    telegram_token: str | None = None
    telegram_base_url: str = TELEGRAM_BASE_URL
    bot_username: str | None = None
    now: datetime | None = None
    office_hours: tuple[time, time] = (time(9, 0), time(17, 30))
    send_lease: timedelta = timedelta(minutes=2)   # a claimed message whose sender died is retaken after this
    send_rate: float = 28.0       # messages a second, under Telegram's ~30 (paid broadcasts allow up to 1,000)
    link_hosts: frozenset[str] = frozenset()   # the office's own hosts that evidence links may reach on its network
    audit_key_text: str | None = None     # DUBAN_AUDIT_KEY; else the file below, made on first use
    audit_key_file: Path | None = None
    channel: str = "telegram"                  # DUBAN_CHANNEL: where the people are
    dingtalk: DingTalkConfig | None = None     # its credentials, when DUBAN_CHANNEL=dingtalk and they are set
    wecom: WeComConfig | None = None
    wecom_callback: WeComCallback | None = None
    console_url: str | None = None        # DUBAN_CONSOLE_URL: the console's public address behind the proxy

    @property
    def telegram_file_url(self) -> str:
        """Where files are downloaded from: Telegram's /file/bot beside its /bot (the emulator's likewise)."""
        root, _, _ = self.telegram_base_url.rstrip("/").rpartition("/")
        return f"{root}/file/bot"

    def token(self) -> str:
        if not self.telegram_token:
            raise ConfigError(m.TOKEN_MISSING)
        protect(self.telegram_token)      # from here on, redacted wherever it would be written
        return self.telegram_token

    def has_credentials(self) -> bool:
        """The chosen channel's credentials are set: `duban run` serves it, else rehearses against its emulator."""
        return bool({"telegram": self.telegram_token, "dingtalk": self.dingtalk, "wecom": self.wecom}[self.channel])

    def audit_key(self) -> bytes:
        """The audit chain's key: outside the database, so that whoever can edit the database cannot re-chain it."""
        if self.audit_key_text:
            if len(self.audit_key_text) < MIN_KEY:
                raise ConfigError(m.BAD_AUDIT_KEY.format(least=MIN_KEY))
            return self.audit_key_text.encode()
        path = self.audit_key_file or Path(user_data_dir("duban")) / "audit.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as made:
                made.write(secrets.token_hex(32))
        key = path.read_text().strip()
        if len(key) < MIN_KEY:
            raise ConfigError(m.BAD_AUDIT_KEY_FILE.format(path=path, least=MIN_KEY))
        return key.encode()


MIN_KEY = 32


def default_database_url() -> str:
    folder = Path(user_data_dir("duban"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'duban.sqlite3'}"


def _zone(value: str) -> ZoneInfo:
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(m.BAD_TIMEZONE.format(value=value))


def _instant(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise ConfigError(m.BAD_NOW.format(value=value))
    return instant


def _hours(value: str | None) -> tuple[time, time]:
    if not value:
        return Settings.office_hours
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError:
        raise ConfigError(m.BAD_OFFICE_HOURS.format(value=value))
    if start >= end:
        raise ConfigError(m.OFFICE_HOURS_BACKWARDS.format(value=value))
    return start, end


def _base_url(value: str | None) -> str:
    """The Bot API's address, checked here: a malformed one made the HTTP client's error quote it with the token."""
    if not value:
        return TELEGRAM_BASE_URL
    scheme, _, rest = value.partition("://")
    if scheme not in ("http", "https") or not rest.split("/")[0] or any(c.isspace() for c in value):
        raise ConfigError(m.BAD_BASE_URL)
    return value


def _console_url(value: str | None) -> str | None:
    if value and not value.startswith(("http://", "https://")) or any(c.isspace() for c in value or ""):
        raise ConfigError(m.CONSOLE_BAD_URL)
    return value or None


def _seconds(key: str, value: str | None, default: timedelta) -> timedelta:
    if not value:
        return default
    if not value.isdigit() or int(value) == 0:
        raise ConfigError(m.BAD_SECONDS.format(key=key, value=value))
    return timedelta(seconds=int(value))


def _rate(value: str | None) -> float:
    if not value:
        return Settings.send_rate
    try:
        rate = float(value)
    except ValueError:
        rate = 0.0
    if not 0 < rate <= 1000:
        raise ConfigError(m.BAD_SEND_RATE.format(value=value))
    return rate


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _hosts(value: str | None) -> frozenset[str]:
    """DUBAN_LINK_HOSTS: host names (or addresses), separated by commas or spaces."""
    hosts = frozenset(h.lower().rstrip(".") for h in (value or "").replace(",", " ").split())
    if bad := sorted(h for h in hosts if "/" in h or ":" in h and not _is_address(h)):
        raise ConfigError(f"DUBAN_LINK_HOSTS: '{bad[0]}' should be a host name such as oa.yongning.gov.cn, without "
                          "http:// or a port")
    return hosts


def _channel(value: str | None) -> str:
    channel = (value or "telegram").strip().lower()
    if channel not in CHANNELS:
        raise ConfigError(m.BAD_CHANNEL.format(value=value))
    return channel


def _given(values: dict, keys: tuple[str, ...]) -> bool:
    """All of `keys` set (a channel's credentials), none of them (a rehearsal); a part is a mistake named."""
    if missing := [key for key in keys if not values.get(key)]:
        if len(missing) < len(keys):
            raise ConfigError(m.CHANNEL_KEYS_MISSING.format(keys="、".join(missing)))
        return False
    return True


def _number(key: str, value: str | None) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise ConfigError(m.BAD_NUMBER.format(key=key, value=value))
    return int(value)


def _endpoint(key: str, values: dict) -> str | None:
    """A platform's API address other than its own (a local emulator), checked as TELEGRAM_BASE_URL is."""
    value = values.get(key)
    if value is None or value == "":
        return None
    scheme, _, rest = value.partition("://")
    if scheme not in ("http", "https") or not rest.split("/")[0] or any(c.isspace() for c in value):
        raise ConfigError(m.BAD_ENDPOINT.format(key=key))
    return value.rstrip("/")


def _dingtalk(values: dict) -> DingTalkConfig | None:
    if not _given(values, ("DINGTALK_CLIENT_ID", "DINGTALK_CLIENT_SECRET")):
        return None
    made = DingTalkConfig(values["DINGTALK_CLIENT_ID"], values["DINGTALK_CLIENT_SECRET"],
                          values.get("DINGTALK_ROBOT_CODE") or values["DINGTALK_CLIENT_ID"],
                          _number("DINGTALK_AGENT_ID", values.get("DINGTALK_AGENT_ID")),
                          _number("DINGTALK_QPS", values.get("DINGTALK_QPS")) or 20)
    if endpoint := _endpoint("DINGTALK_OPENAPI_ENDPOINT", values):   # the SDK's own variable: a local emulator
        return replace(made, api=endpoint, oapi=endpoint)
    return made


def _wecom(values: dict) -> tuple[WeComConfig, WeComCallback] | tuple[None, None]:
    keys = ("WECOM_CORP_ID", "WECOM_SECRET", "WECOM_AGENT_ID", "WECOM_TOKEN", "WECOM_AES_KEY")
    if not _given(values, keys):
        return None, None
    if len(values["WECOM_AES_KEY"]) != 43:
        raise ConfigError(m.BAD_WECOM_AES_KEY)
    host, _, port = (values.get("WECOM_CALLBACK_LISTEN") or "127.0.0.1:8766").rpartition(":")
    return (WeComConfig(values["WECOM_CORP_ID"], values["WECOM_SECRET"],
                        _number("WECOM_AGENT_ID", values["WECOM_AGENT_ID"]),
                        _endpoint("WECOM_BASE_URL", values) or WeComConfig.api),
            WeComCallback(values["WECOM_TOKEN"], values["WECOM_AES_KEY"], host or "127.0.0.1",
                          _number("WECOM_CALLBACK_LISTEN", port) or 8766))


def load_settings(env_file: Path = Path(".env"), channel: str | None = None) -> Settings:
    """`channel` (duban run --channel) stands for DUBAN_CHANNEL."""
    values = {**(dotenv_values(env_file) if env_file.is_file() else {}), **os.environ}
    calendar = values.get("DUBAN_CALENDAR_FILE")
    channel = _channel(channel or values.get("DUBAN_CHANNEL"))
    wecom, callback = _wecom(values) if channel == "wecom" else (None, None)
    return Settings(
        database_url=values.get("DUBAN_DATABASE_URL") or default_database_url(),
        timezone=_zone(values.get("DUBAN_TIMEZONE") or "Asia/Shanghai"),
        calendar_file=Path(calendar) if calendar else None,
        telegram_token=values.get("TELEGRAM_BOT_TOKEN") or None,
        telegram_base_url=_base_url(values.get("TELEGRAM_BASE_URL")),
        bot_username=values.get("DUBAN_BOT_USERNAME") or None,
        now=_instant(values.get("DUBAN_NOW")),
        office_hours=_hours(values.get("DUBAN_OFFICE_HOURS")),
        send_lease=_seconds("DUBAN_SEND_LEASE_SECONDS", values.get("DUBAN_SEND_LEASE_SECONDS"), Settings.send_lease),
        send_rate=_rate(values.get("DUBAN_SEND_RATE")),
        link_hosts=_hosts(values.get("DUBAN_LINK_HOSTS")),
        audit_key_text=values.get("DUBAN_AUDIT_KEY") or None,
        audit_key_file=Path(values["DUBAN_AUDIT_KEY_FILE"]) if values.get("DUBAN_AUDIT_KEY_FILE") else None,
        channel=channel,
        dingtalk=_dingtalk(values) if channel == "dingtalk" else None,
        wecom=wecom,
        wecom_callback=callback,
        console_url=_console_url(values.get("DUBAN_CONSOLE_URL")),
    )
