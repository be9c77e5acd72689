"""A plan (工作要点) and its task table, as read from a document, plus the problems found."""
from dataclasses import dataclass, field
from datetime import date

ERROR, NOTICE = "error", "notice"
# where a problem is: a column's field (as `workflows.table` names them), the table, or the issue date;
# `workflows.table.FIELD_LABELS` gives the words the office reads
CONTENT, UNITS, DEADLINE, TABLE, ISSUED = "content", "units", "deadline", "table", "issued"


@dataclass(frozen=True)
class Problem:
    """Something the office must see: `row` is the table row (1-based), 0 for the whole plan.

    An error means Duban could not understand the text; a notice means it did,
    and the office still has a decision to make.
    """
    row: int
    field: str           # where: CONTENT, UNITS, DEADLINE …, TABLE or ISSUED, shown by its label
    severity: str
    message: str
    text: str = ""
    subject: str = ""    # the name at fault, when there is one (an unknown unit)


@dataclass(frozen=True)
class Task:
    """One row of the task table, text as printed (whitespace of the PDF kept out)."""
    row: int
    seq: str
    heading: str
    content: str
    metric: str
    units_text: str
    deadline_text: str
    section: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Plan:
    issuer: str
    year: int
    issued: date | None
    doc_number: str
    title: str
    tasks: tuple[Task, ...] = ()
    problems: tuple[Problem, ...] = field(default=())
