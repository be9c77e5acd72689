"""What Duban raises on purpose, in one tree; anything else is a defect and shows its traceback.

    DubanError                  raised on purpose
    ├── UserError               a person can put it right; the message (Chinese) says what and where
    │   ├── InputError          a file, cell or value that cannot be used (also a ValueError)
    │   ├── NotAllowed          an action the present state refuses (a transition, an invite, a circulation)
    │   └── SetupError          the installation is not ready: the schema, the audit key, a backup tool
    └── ChannelError            a chat platform failed (bot/channels: rate-limited, unreachable, transient, refused)

Adapters catch `UserError` and show its message; a `ChannelError` is retried or recorded by the sender.
"""


class DubanError(Exception):
    """Raised on purpose by Duban."""


class UserError(DubanError):
    """What a person can put right: the message, in Chinese, names the file, row or action at fault."""


class InputError(UserError, ValueError):
    """A file, cell or value that cannot be used."""


class NotAllowed(UserError):
    """An action the present state refuses; the message says why."""


class SetupError(UserError):
    """The installation is not ready for the command (no schema, no audit key, no backup tool)."""
