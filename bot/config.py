"""The one place that reads configuration: the environment first, then a .env file beside it.

A malformed value is one clear line naming the key.
"""
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values
from platformdirs import user_data_dir


class ConfigError(ValueError):
    """A configuration key is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    timezone: ZoneInfo
    calendar_file: Path | None


def default_database_url() -> str:
    folder = Path(user_data_dir("duban"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'duban.sqlite3'}"


def load_settings(env_file: Path = Path(".env")) -> Settings:
    values = {**(dotenv_values(env_file) if env_file.is_file() else {}), **os.environ}
    zone = values.get("DUBAN_TIMEZONE") or "Asia/Shanghai"
    try:
        timezone = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"DUBAN_TIMEZONE: '{zone}' is not a time zone name such as Asia/Shanghai")
    calendar = values.get("DUBAN_CALENDAR_FILE")
    return Settings(database_url=values.get("DUBAN_DATABASE_URL") or default_database_url(),
                    timezone=timezone, calendar_file=Path(calendar) if calendar else None)
