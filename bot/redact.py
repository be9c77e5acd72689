"""Keeping the bot token, and any 身份证号, mobile or card number, out of every log line and error message.

python-telegram-bot logs whole updates at DEBUG level: a liaison's message that
quotes a citizen's number would be written down in full without the masking.
"""
import logging
import re

from workflows.personal_data import mask

_TOKEN = re.compile(r"(bot)?\d{5,}:[A-Za-z0-9_-]{20,}")


def redact(text: str) -> str:
    return mask(_TOKEN.sub("bot<redacted>", text))


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr with the token redacted and personal numbers masked."""
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
