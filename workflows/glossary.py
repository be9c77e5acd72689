"""Every state, kind of item, report and role, once: the code's key and the word people read for it.

The keys are what is stored and compared; the words are the product brief's glossary (政务公开办, 联络员（A岗）,
月反馈…) and what chat, the command line and the office's documents show. Modules that work with a key import it
from here (item_state, due, roles, report_schedule, responsibility re-export theirs); nothing spells one again.
An item still `pending` is 待办 wherever a person reads its state; an open item past its date is 逾期未办 (any
state short of submitted).
"""

# the states of a due item
PENDING, ACKNOWLEDGED, IN_PROGRESS, BLOCKED = "pending", "acknowledged", "in_progress", "blocked"
SUBMITTED, ACCEPTED, RETURNED, WAIVED = "submitted", "accepted", "returned", "waived"
HELD = "held"
STATE_NAMES = {PENDING: "待办", ACKNOWLEDGED: "已签收", IN_PROGRESS: "推进中", BLOCKED: "有困难",
               HELD: "暂缓（已同意）", SUBMITTED: "待审核", ACCEPTED: "已办结", RETURNED: "已退回", WAIVED: "已免除"}
ACTION_NAMES = {"acknowledge": "签收", "progress": "标记为推进中", "block": "报告困难", "submit": "提交办结",
                "hold": "同意暂缓", "refuse_hold": "不同意暂缓", "accept": "审核通过", "return": "退回",
                "waive": "免除"}
OVERDUE_OPEN = "逾期未办"

# the kinds of due item (a deadline rule's kind, and the month's feedback round)
ONCE, RECURRING, EVENT, NEEDS_DATE, ONGOING = "once", "recurring", "event", "needs-date", "ongoing"
MONTHLY_FEEDBACK = "monthly-feedback"
KIND_NAMES = {ONCE: "一次性", RECURRING: "周期", MONTHLY_FEEDBACK: "月反馈", EVENT: "事件触发", NEEDS_DATE: "待定日期"}
FEEDBACK_NAME = KIND_NAMES[MONTHLY_FEEDBACK]

# the people's roles
ADMIN, LIAISON_A, LIAISON_B, LEADER, OBSERVER = "admin", "liaison-a", "liaison-b", "leader", "observer"
ROLE_NAMES = {ADMIN: "政务公开办管理员", LIAISON_A: "联络员（A岗）", LIAISON_B: "联络员（B岗）", LEADER: "分管领导",
              OBSERVER: "观察员"}

# a unit's part in a task
RESPONSIBLE, LEAD, HELPER = "responsible", "lead", "helper"
ASSIGNMENT_NAMES = {RESPONSIBLE: "负责", LEAD: "牵头", HELPER: "配合"}

# the cadence reports, and the statutory annual report compiled on request
WEEKLY, MONTHLY, QUARTERLY, HALF_YEAR, YEAR_END = "weekly", "monthly", "quarterly", "half-year", "year-end"
ANNUAL = "annual"
REPORT_NAMES = {WEEKLY: "周报", MONTHLY: "月反馈汇总", QUARTERLY: "季度通报草稿", HALF_YEAR: "半年督查名单",
                YEAR_END: "年底考评"}
