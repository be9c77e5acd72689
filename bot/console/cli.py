"""`duban console user add NAME --role admin|observer`: an office account of the console, its password asked twice
(or read from standard input with --password-stdin, for scripts)."""
import getpass
import sys

from bot import messages as m
from bot.console.accounts import AccountError, add_user


def user_add(args, database, clock, actor) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(m.CONSOLE_PASSWORD_PROMPT)
        if getpass.getpass(m.CONSOLE_PASSWORD_AGAIN) != password:
            raise AccountError(m.CONSOLE_PASSWORDS_DIFFER)
    user = add_user(database(), clock, actor(), args.name, args.role, password)
    print(m.CONSOLE_USER_ADDED.format(name=user.name, role=m.CONSOLE_ROLE_NAMES[user.role]))
    return 0
