"""How an evidence check reads, for the liaison, the office's /review and /item, and `duban check evidence`."""
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import messages as m
from workflows.evidence_check import CHECKED, FAILED, EvidenceCheck

MAX_FINDINGS = 5     # lines of findings shown for one source; the rest counted


def reason(check: EvidenceCheck) -> str:
    return m.CHECK_REASONS[check.reason].format(detail=check.detail)


def _is_link(check: EvidenceCheck) -> bool:
    return check.source.startswith(("http://", "https://"))


def _findings(check: EvidenceCheck) -> list[str]:
    lines = [m.CHECK_FINDINGS.format(source=check.source, count=len(check.findings))]
    lines += [m.CHECK_FINDING.format(where=f.where, kind=f.kind, excerpt=f.excerpt)
              for f in check.findings[:MAX_FINDINGS]]
    if len(check.findings) > MAX_FINDINGS:
        lines.append(m.CHECK_MORE.format(count=len(check.findings) - MAX_FINDINGS))
    return lines


def check_lines(check: EvidenceCheck, checked_at: datetime | None = None, zone: ZoneInfo | None = None) -> list[str]:
    """The check as lines: a failure or what is not checked, a link's title, then the findings (masked)."""
    if check.outcome == FAILED:
        return [m.CHECK_LINK_FAILED.format(source=check.source, reason=reason(check))]
    if check.outcome != CHECKED:
        return [m.CHECK_NOT_CHECKED.format(source=check.source, reason=reason(check))]
    lines = []
    if _is_link(check):
        at = m.CHECK_AT.format(at=checked_at.astimezone(zone).strftime("%m-%d %H:%M")) if checked_at else ""
        lines.append(m.CHECK_LINK_OK.format(source=check.source, title=check.title or m.CHECK_UNTITLED, at=at))
    lines += _findings(check) if check.findings else [m.CHECK_CLEAN.format(source=check.source)]
    return lines + ([m.CHECK_CAPPED] if check.capped else [])


def marked_lines(check: EvidenceCheck, checked_at: datetime | None, zone: ZoneInfo) -> list[str]:
    """For the office: ⚠ before a failure or findings, ○ before what was not checked, ✓ before the rest."""
    lines = check_lines(check, checked_at, zone)
    mark = m.CHECK_WARNING if check.warns else m.CHECK_FINE if check.outcome == CHECKED else m.CHECK_UNCHECKED
    return [mark + lines[0], *lines[1:]]


def liaison_warning(title: str, checks: list[EvidenceCheck]) -> str:
    """What the liaison is told of the checks that found something wrong."""
    lines = [m.LIAISON_CHECK_HEAD.format(title=title)]
    for check in checks:
        lines += check_lines(check)
    if any(c.outcome == FAILED for c in checks):
        lines.append(m.LIAISON_LINK_FIX)
    if any(c.findings for c in checks):
        lines.append(m.LIAISON_DATA_FIX)
    return "\n".join(lines)
