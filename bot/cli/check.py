"""`duban check evidence FILE_OR_URL`: the office checks a link or a file as Duban checks the liaisons' evidence."""
import asyncio
from pathlib import Path

from bot import messages as m
from bot.render.evidence import check_lines
from importers.evidence_text import check_file
from importers.links import LinkLimits, check_link
from workflows.errors import InputError
from workflows.evidence_check import EvidenceCheck


class CheckError(InputError):
    """A file that cannot be opened: printed as one line."""


def _check(target: str, listed_hosts: frozenset[str]) -> EvidenceCheck:
    if target.lower().startswith(("http://", "https://")):
        return asyncio.run(check_link(target, LinkLimits(listed_hosts=listed_hosts)))
    path = Path(target)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CheckError(m.CLI_CHECK_UNREADABLE.format(source=target, error=error.strerror))
    return check_file(path.name, data)


def check_evidence(args) -> int:
    """Prints the check; exit 1 when the link fails or personal data is found, as the liaison would be told."""
    check = _check(args.target, args.settings().link_hosts)
    print("\n".join(check_lines(check)))
    return 1 if check.warns else 0
