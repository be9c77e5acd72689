"""The database tables. Times are stored as UTC (`UtcDateTime`); dates are plain dates.

SQLite drops a timestamp's offset silently, so every datetime goes in as naive
UTC and comes out as aware UTC; converting to the organisation's zone is the
edges' job.
"""
from datetime import date, datetime, timezone

from sqlalchemy import BigInteger, Column, DateTime, Index, LargeBinary, Text, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel


class UtcDateTime(TypeDecorator):
    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store: pass an aware datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=timezone.utc) if value is not None else None


def utc_column(nullable: bool = False):
    return Field(sa_column=Column(UtcDateTime(), nullable=nullable))


def telegram_id(nullable: bool = True, unique: bool = False):
    """Telegram ids (users, chats, messages) outgrow 32 bits."""
    return Field(default=None, sa_column=Column(BigInteger, nullable=nullable, unique=unique))


class PlanRow(SQLModel, table=True):
    __tablename__ = "plan"
    __table_args__ = (UniqueConstraint("issuer", "year", "doc_number", "title", name="uq_plan_identity"),)
    id: int | None = Field(default=None, primary_key=True)
    issuer: str
    year: int
    issued: date | None = None
    doc_number: str = ""
    title: str = ""
    source_name: str = ""
    source_hash: str = Field(default="", max_length=64)
    imported_at: datetime = utc_column()
    revision: int = 1


class TaskRow(SQLModel, table=True):
    __tablename__ = "task"
    __table_args__ = (UniqueConstraint("plan_id", "row", name="uq_task_row"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    row: int
    seq: str = ""
    section: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    heading: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    content: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    metric: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    units_text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    deadline_text: str = ""
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class UnitRow(SQLModel, table=True):
    __tablename__ = "unit"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    kind: str
    aliases: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))   # 、-separated
    groups: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))    # 、-separated


class AssignmentRow(SQLModel, table=True):
    __tablename__ = "assignment"
    __table_args__ = (UniqueConstraint("task_id", "unit_id", name="uq_assignment"),)
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    role: str


class PersonRow(SQLModel, table=True):
    __tablename__ = "person"
    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int | None = telegram_id(unique=True)
    name: str = ""
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    role: str           # admin, liaison-a, liaison-b, leader, observer
    active: bool = True
    reachable: bool = True   # false once Telegram says the person blocked the bot
    awaiting: str = ""       # what the person's next message answers, as store.awaiting writes it ("": nothing)
    created_at: datetime = utc_column()


class InviteRow(SQLModel, table=True):
    __tablename__ = "invite"
    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(unique=True, max_length=64)
    role: str
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    created_at: datetime = utc_column()
    expires_at: datetime = utc_column()
    used_at: datetime | None = utc_column(nullable=True)
    used_by: int | None = Field(default=None, foreign_key="person.id")
    handover_of: int | None = Field(default=None, foreign_key="person.id")   # 岗位变动: the predecessor
    issued_by: int | None = Field(default=None)     # the person who issued it in chat; none from the command line


class DueItemRow(SQLModel, table=True):
    """One unit's obligation with one due date. Identity: (plan, row, unit, period)."""
    __tablename__ = "due_item"
    __table_args__ = (UniqueConstraint("plan_id", "row", "unit_id", "period", name="uq_due_item_identity"),
                      # covers a scheduling round's query (store.queries.chased_groups) without table reads; the
                      # plan before the unit, so that SQLite, never ANALYZEd, seeks on it rather than the plan's index
                      Index("ix_due_item_open_due", "state", "due", "retired", "plan_id", "unit_id", "row", "kind"))
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    row: int                      # 0 for the monthly feedback round
    unit_id: int = Field(foreign_key="unit.id", index=True)
    period: str                   # 2022-11-30, feedback:2022-06, event:…, needs-date:…
    kind: str
    role: str = ""
    detail: str = ""
    due: date | None = None       # in force: the original or an approved extension
    original_due: date | None = None
    provisional: bool = False
    state: str = "pending"
    extension: str = ""
    extension_to: date | None = None
    reason: str = ""              # of the last return, block or waiver
    retired: bool = False         # no longer in the revised plan, kept because it has a history
    updated_at: datetime = utc_column()


class ReplyRow(SQLModel, table=True):
    __tablename__ = "reply"
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="due_item.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    action: str
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    urls: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))   # one per line
    file_id: str = ""
    file_hash: str = ""
    expected_date: date | None = None
    at: datetime = utc_column()


class EvidenceFileRow(SQLModel, table=True):
    """A file or photo sent as evidence, kept once per content (store.evidence); replies name it by `hash`."""
    __tablename__ = "evidence_file"
    hash: str = Field(primary_key=True, max_length=64)    # SHA-256 of `data`, hex
    name: str = ""
    mime: str = ""
    size: int = 0
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    stored_at: datetime = utc_column()


class EvidenceCheckRow(SQLModel, table=True):
    """What checking one link, file or reply text of a reply found (issue 26). Numbers are stored masked only."""
    __tablename__ = "evidence_check"
    __table_args__ = (UniqueConstraint("reply_id", "source", name="uq_evidence_check_source"),)
    id: int | None = Field(default=None, primary_key=True)
    reply_id: int = Field(foreign_key="reply.id")
    item_id: int = Field(foreign_key="due_item.id", index=True)
    source: str = Field(sa_column=Column(Text, nullable=False))     # the link, the file's name, or 回复文字
    outcome: str                  # checked, failed, not-checked
    reason: str = ""              # why it failed or was not checked: workflows.evidence_check's codes
    detail: str = ""
    title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    findings: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))   # JSON, masked excerpts
    capped: bool = False
    checked_at: datetime = utc_column()


class OutboxRow(SQLModel, table=True):
    __tablename__ = "outbox"
    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(unique=True)
    chat_id: int = telegram_id(nullable=False)
    person_id: int | None = None      # a person's id; no foreign key (migration 0006: its check cost the round)
    text: str = Field(sa_column=Column(Text, nullable=False))
    buttons: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))   # inline keyboard, JSON
    # what the sender renders `text` (and `buttons`, the file) from when it claims the row, JSON; "" once rendered
    draft: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))
    state: str = Field(default="queued", index=True)   # queued, sending, sent, failed, unconfirmed, dropped
    attempts: int = 0
    last_error: str = ""
    telegram_message_id: int | None = telegram_id()
    file_name: str = ""            # an attached document (.xlsx, .docx) or chart (.png), sent with `text` as caption
    file_data: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    lease_until: datetime | None = utc_column(nullable=True)   # a claim whose sender died is retaken after it
    created_at: datetime = utc_column()
    updated_at: datetime = utc_column()


class CirculationRow(SQLModel, table=True):
    """A 季度通报 an admin approved and sent: the units it named count in the 约谈 list and the year-end scores."""
    __tablename__ = "circulation"
    __table_args__ = (UniqueConstraint("plan_id", "period", name="uq_circulation_period"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    period: str                   # 2022Q3
    named: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))   # 、-separated units
    approved_by: str = ""
    approved_at: datetime = utc_column()


class AuditEntry(SQLModel, table=True):
    """Append-only; `hash` covers the entry and the previous entry's hash."""
    __tablename__ = "audit_entry"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_column()
    actor: str
    role: str = ""
    chat_id: int | None = telegram_id()
    action: str
    subject: str = ""
    before: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    after: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class AuditHead(SQLModel, table=True):
    """One row: the last entry's hash. Updating it serialises writers of the chain."""
    __tablename__ = "audit_head"
    id: int = Field(default=1, primary_key=True)
    last_hash: str = Field(max_length=64)
    entries: int = 0


class SettingRow(SQLModel, table=True):
    """Facts Duban learns at run time and keeps, e.g. the bot's username from getMe."""
    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str = ""


class StartFailureRow(SQLModel, table=True):
    """A /start with a wrong code: counted across every receiving process, so guessing invite codes is slowed for
    all."""
    __tablename__ = "start_failure"
    id: int | None = Field(default=None, primary_key=True)
    telegram_user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    failed_at: datetime = utc_column()


class ReceivedUpdateRow(SQLModel, table=True):
    """A webhook update taken in: Telegram retries what it was not answered 200 for, and it is handled once."""
    __tablename__ = "received_update"
    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    received_at: datetime = utc_column()
    done: bool = False


class AnnualReportRow(SQLModel, table=True):
    """A 政府信息公开工作年度报告 workbook a unit returned, its figures as read and what the checks found.

    Kept whether it passed or not: the latest passing one of a year is the unit's figures for that year."""
    __tablename__ = "annual_report"
    __table_args__ = (Index("ix_annual_report_unit_year", "unit_id", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id")
    year: int
    item_id: int | None = Field(default=None, foreign_key="due_item.id")   # none for figures the office loaded
    cells: str = Field(sa_column=Column(Text, nullable=False))             # JSON: "表|行|列" → value as read
    passed: bool = False
    errors: int = 0
    warnings: int = 0
    file_name: str = ""
    file_hash: str = Field(default="", max_length=64)
    received_at: datetime = utc_column()


class ChannelIdentityRow(SQLModel, table=True):
    """A person's identity on DingTalk or WeCom (a string: staffId, UserID) and the number Duban knows them by.

    The rest of Duban (person, outbox, audit) keys a chat by a number, as Telegram gives one; on the other
    channels this row's id is that number."""
    __tablename__ = "channel_identity"
    __table_args__ = (UniqueConstraint("channel", "platform_id", name="uq_channel_identity"),)
    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    platform_id: str = Field(max_length=128)
    created_at: datetime = utc_column()
# --- the office's web console (bot/console): accounts, sessions, sign-in throttling, one-time links ---

class ConsoleUserRow(SQLModel, table=True):
    """An office account of the console: made by `duban console user add` (a password), or for a chat admin the
    first time the bot sends them a sign-in link (no password: only links sign them in)."""
    __tablename__ = "console_user"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=64)
    role: str           # admin (reads and acts) or observer (reads)
    password_hash: str | None = None
    person_id: int | None = Field(default=None, foreign_key="person.id", unique=True)
    active: bool = True
    created_at: datetime = utc_column()


class ConsoleSessionRow(SQLModel, table=True):
    """A signed-in browser: the cookie carries a random token, the database only its hash."""
    __tablename__ = "console_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, max_length=64)
    user_id: int = Field(foreign_key="console_user.id", index=True)
    csrf: str = Field(max_length=64)
    created_at: datetime = utc_column()
    seen_at: datetime = utc_column()
    ended_at: datetime | None = utc_column(nullable=True)
    address: str = ""


class ConsoleLoginAttemptRow(SQLModel, table=True):
    """A password sign-in tried, kept in the database so that the throttle holds across processes and restarts."""
    __tablename__ = "console_login_attempt"
    __table_args__ = (Index("ix_console_login_account_at", "account", "at"),
                      Index("ix_console_login_address_at", "address", "at"))
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_column()
    account: str = Field(max_length=64)
    address: str = Field(max_length=64)
    ok: bool = False


class ConsoleLinkRow(SQLModel, table=True):
    """A one-time sign-in link the bot sent an admin (/console): short-lived, single use."""
    __tablename__ = "console_link"
    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(unique=True, max_length=64)
    user_id: int = Field(foreign_key="console_user.id")
    created_at: datetime = utc_column()
    expires_at: datetime = utc_column()
    used_at: datetime | None = utc_column(nullable=True)
