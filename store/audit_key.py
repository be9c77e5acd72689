"""The audit trail's key: where it comes from is set once at start-up, the key itself read when a change is first
recorded, so commands that write nothing need none. Apart from `store.audit` so that setting it does not load the
database layer (the command line sets it before it knows which command runs)."""
import functools

from workflows.errors import SetupError


class AuditKeyMissing(SetupError, RuntimeError):
    """The process was started without the audit key; bot.config names where it is looked for."""


_source: list = [None]    # a function giving the key (bytes)


def use_key(source) -> None:
    _source[0] = source


@functools.cache
def _key_of(source) -> bytes:
    return source()


def key() -> bytes:
    if _source[0] is None:
        raise AuditKeyMissing("未配置留痕密钥（DUBAN_AUDIT_KEY 或 DUBAN_AUDIT_KEY_FILE）")
    return _key_of(_source[0])
