"""What every command may refuse with: a bad argument, in one line; and the --columns mapping they share."""
from workflows.errors import UserError
from workflows.table import ColumnError, column_mapping


class UsageError(UserError):
    """A bad argument or input file: printed as one line, exit status 2."""


def columns(args) -> dict[str, str]:
    try:
        return column_mapping(getattr(args, "columns", None) or [])
    except ColumnError as error:
        raise UsageError(str(error))
