"""Keeping the bot token, and any 身份证号, mobile or card number, out of every log line, error message and traceback.

python-telegram-bot logs whole updates at DEBUG level: a liaison's message that
quotes a citizen's number would be written down in full without the masking.

A token is `<bot id>:<secret>`. It is recognised by its shape with the colon as
written, percent-encoded (once or twice: a proxy echoing a URL), JSON- or
HTML-escaped; and the secret half of every token this process holds
(`protect`, called where the token is read) is taken out wherever it appears
alone. Uncaught exceptions go through `excepthook`, so even a crash prints none.
"""
import logging
import re
import sys
import traceback

from workflows.personal_data import mask

_COLON = r"(?::|%3[aA]|%253[aA]|\\u003[aA]|&#0*58;|&#[xX]0*3[aA];)"
_TOKEN = re.compile(rf"(bot)?\d{{5,}}{_COLON}[A-Za-z0-9_-]{{20,}}")
_secrets: dict[str, re.Pattern] = {}


def protect(token: str) -> None:
    """Take this token's secret out of all that is redacted from now on, in any case (python-telegram-bot
    rewrites the case of an error's description)."""
    secret = token.partition(":")[2]
    if len(secret) >= 8:
        _secrets.setdefault(secret, re.compile(re.escape(secret), re.IGNORECASE))


def redact(text: str) -> str:
    text = _TOKEN.sub("bot<redacted>", text)
    for secret in _secrets.values():
        text = secret.sub("<redacted>", text)
    return mask(text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def excepthook(kind, error, trace) -> None:
    """An uncaught exception's traceback, redacted (python-telegram-bot's InvalidToken quotes the token)."""
    sys.stderr.write(redact("".join(traceback.format_exception(kind, error, trace))))


def guard_process() -> None:
    """Redact what leaves the process without a configured logger: crashes, and logging's last-resort handler."""
    sys.excepthook = excepthook
    if logging.lastResort is not None and not any(isinstance(f, RedactingFilter) for f in logging.lastResort.filters):
        logging.lastResort.addFilter(RedactingFilter())


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr with the token redacted and personal numbers masked."""
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
