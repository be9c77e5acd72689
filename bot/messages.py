"""Every message Duban shows people, in Chinese, in one place; the nouns (states, kinds, roles, reports) are the
glossary's (`workflows.glossary`)."""
from workflows import glossary

KIND_LABELS, ROLE_LABELS = glossary.KIND_NAMES, glossary.ASSIGNMENT_NAMES
SEVERITY_LABELS = {"error": "错误", "notice": "提示"}

DUE_HEADERS = ("到期日", "类型", "序号", "完成时限", "事项")
PROVISIONAL_MARK = "（暂定）"
PROVISIONAL_FOOTNOTE = "（暂定）：该年度的法定节假日安排尚未收录，日期按周一至周五推算，请以国务院通知为准。"
NO_ITEMS = "该时段内没有到期事项。"
UNIT_HEADING = "■ {unit}（{count}项）"
UNDATED = "—"

CHECK_SUMMARY = "《{title}》{doc_number} 印发日期 {issued}：共 {rows} 行，{errors} 个错误，{notices} 个提示"
CHECK_ROW = "第{row}行（序号{seq}）完成时限「{deadline}」→ {rules}；责任单位 {units}"
CHECK_PROBLEM = "[{severity}] 第{row}行「{field}」：{message}"
CHECK_PLAN_PROBLEM = "[{severity}] {field}：{message}"
UNKNOWN_ISSUED = "不详"

COVERS_YES = "{year}年：已收录国务院节假日安排（来源：{source}）"
COVERS_NO = "{year}年：未收录国务院节假日安排，工作日按周一至周五推算（暂定）。请在日历文件中补充该年度安排。"
ADD_PROVISIONAL = "{date}（暂定：涉及未收录节假日安排的年度）"

UNKNOWN_UNIT = "名册中没有单位「{unit}」"
FILE_ERROR = "错误：{error}"

RULE_LABELS = {
    "MonthEnd": "月底", "FixedDate": "指定日期", "SeveralDates": "分别于", "EachQuarterLastMonthDay": "每季度末月",
    "EachQuarterEnd": "每季度末", "EachHalfYearEnd": "每半年", "Yearly": "每年", "WithinYear": "年内",
    "AnnualReportStatutory": "年度报告法定时限", "AfterIssue": "印发后", "AfterEvent": "事件后",
    "Ongoing": "长期（月反馈）", "NeedsDate": "待定", "FromContent": "按照要求",
}

NO_PLAN_STORED = "数据库中还没有工作要点：请先运行 duban import PLAN --roster ROSTER"
DB_UPGRADED = "数据库已是最新版本。"
AUDIT_INTACT = "审计记录完整：共 {count} 条，哈希链无断点。"
BACKUP_DONE = "已备份到 {out}"
RESTORE_DONE = "已从 {file} 恢复数据库"
IMPORT_STORED = ("已保存（第{revision}版）：新增 {created} 项，保留 {kept} 项，删除 {deleted} 项，停用但保留记录 "
                 "{retired} 项。")
IMPORT_UNCHANGED = "与已保存的第{revision}版相同，未作改动。"
IMPORT_REFUSED = "有错误，未保存：请修正后重新导入。"
IMPORT_DIFF = "与上一版相比：新增行 {added}；删除行 {removed}；改动行 {changed}。未改动行的状态、回复和佐证均保留。"
CHECK_COUNTS = ("读取 {rows} 行；识别责任单位 {units} 个（{unknown} 处不在名册中）；{rules} 行的完成时限已识别，"
                "{unread} 行无法识别")
EXPORTED = "已导出到 {out}：在「责任单位」「完成时限」等列改正后，用 duban import 重新导入即可。"

# --- chat ---------------------------------------------------------------
ROLE_NAMES = glossary.ROLE_NAMES
HELP = ("督办机器人：提醒本单位到期的政务公开任务，并收集办理情况。\n"
        "/my 本单位的事项　/item 序号 查看一项及其记录\n"
        "在提醒下方按「已完成」「推进中」「有困难」「申请延期」，或直接回复，如：12号已完成 http://…\n"
        "管理员：/my 督办概况　/review 待审核　/unit 单位 查看一个单位　/ledger 台账\n"
        "/invite 单位 联络员（或 B岗、分管领导）生成邀请　/handover 岗位交接\n"
        "/report 类型 [报告期] 生成报告（周报、月反馈、季度通报、半年督查、年底考评；年度报告 汇总），如 /report "
        "月反馈 2022年6月\n"
        "/annual 本单位的政府信息公开工作年度报告统计表模板，填好后直接发回\n"
        "/circulate [季度] 审定并印发季度通报　/mute 类型 报告期 暂停一期自动报告\n"
        "/console 网页控制台的一次性登录链接")
NOT_BOUND = "你还没有加入督办。请使用政务公开办发给你的邀请链接（/start 邀请码）。"
THROTTLED = "尝试次数过多，请10分钟后再试，或联系政务公开办。"
PRIVATE_ONLY = "督办只在私聊中办理事项，请私聊机器人。"
WELCOME = "你好，{name}！你现在是「{unit}」的{role}。"
WELCOME_ADMIN = "你好，{name}！你现在是政务公开办管理员。"
WELCOME_OBSERVER = "你好，{name}！你现在是督办观察员：每周一收到督办周报。"
NEXT_30_DAYS = "本单位逾期未办和未来30天内到期的事项："
NOTHING_OPEN = "本单位目前没有待办事项。"
MY_HEADING = "「{unit}」的事项："
ITEM_LINE = "{label} {title} — {when}"
MORE_ITEMS = "……另有 {count} 项，发送 /my 查看全部"
WHEN_DUE_IN = "{date}（还有{days}天）"
WHEN_DUE_TODAY = "{date}（今天到期）"
WHEN_OVERDUE = "{date}（已逾期{days}天）"
WHEN_UNDATED = "待定"
FEEDBACK_LABEL = "月反馈（{month}月）"
SEQ_LABEL = "序号{seq}"
BUTTON_DONE, BUTTON_PROGRESS, BUTTON_BLOCKED, BUTTON_EXTEND = "已完成", "推进中", "有困难", "申请延期"
BUTTON_ACCEPT, BUTTON_RETURN, BUTTON_EXT_OK, BUTTON_EXT_NO = "通过", "退回", "同意延期", "不同意"
BUTTON_HOLD = "同意暂缓"

REMINDER_HEAD = {"before": "【督办提醒】以下事项即将到期：", "due": "【督办提醒】以下事项今天到期：",
                 "overdue": "【督办催办】以下事项已逾期，请尽快办理：",
                 "escalated": "【督办督促】「{unit}」以下事项逾期未办："}
REMINDER_FOOT = "办完请按「已完成」并附上链接或文件。"

ASK_EVIDENCE = "请回复本条消息，发送{item}的佐证：链接、文件或照片，也可以写一句说明。"
ASK_LINK = "{item}的量化指标是「{metric}」，请发送发布页面的链接（http…）。"
ASK_BLOCK_REASON = "{item}遇到了什么困难？请简要说明，政务公开办会看到。"
ASK_EXTENSION = "{item}（完成时限 {due}）希望延期到哪一天？请写明日期（如：下周五、12月15日）和原因。"
ASK_EXTENSION_DATE = ("没有看懂{item}要延期到哪一天。请写成「12月15日」「下周五」这样的日期；不延期了，"
                      "直接发送别的内容或 /my 即可。")
ASK_RETURN_REASON = "请写明{item}（{unit}）退回的原因，单位会收到。"
ASK_WHICH = "你说的是哪一项？请点选："
ASK_WHAT = "没有看懂。可以写「12号已完成 http://…」，或在提醒下方点按钮。发送 /my 查看本单位事项。"
NO_SUCH_SEQ = "本单位没有序号为 {seq} 的待办事项。"
SUBMITTED = "已提交{item}，等待政务公开办审核。"
PROGRESS_NOTED = "已记录：{item}推进中。"
BLOCKED_NOTED = "已记录困难，政务公开办会优先查看：{item}。"
EXTENSION_ASKED = "已申请将{item}延期到 {date}，等待政务公开办审批。"
NOT_YOURS = "这不是你单位的事项，无法操作。"
READ_ONLY = "你的角色只能查看，不能办理事项。"
OFFICE_ONLY = "只有政务公开办管理员可以这样做。"
ACCEPTED = "已通过：{item}（{unit}）。"
RETURNED = "已退回：{item}（{unit}），原因：{reason}"
UNIT_ACCEPTED = "{item}已通过审核，办结。"
UNIT_RETURNED = "{item}被退回，原因：{reason}\n请修改后重新提交。"
EXTENSION_APPROVED = "已同意{item}延期到 {date}。"
EXTENSION_REFUSED = "未同意{item}的延期申请，完成时限仍为 {date}。"
REVIEW_EMPTY = "没有待审核的事项。"
REVIEW_HEAD = "待审核 {count} 项；有困难 {blocked} 项（列在最前）："
REVIEW_BLOCKED = "【有困难】"
REVIEW_BLOCKED_LINE = "{unit} {label} {title}：{reason}\n同意后暂停催办，直到单位恢复办理。"
HELD = "已同意暂缓：{item}（{unit}），暂停催办；该项仍在台账和报告中列为「有困难」。"
UNIT_HELD = "政务公开办已同意{item}暂缓办理，暂停催办。困难解决后请按「推进中」或「已完成」。"
REVIEW_SUBMITTED = "{unit} {label} {title}\n佐证：{evidence}"
REVIEW_EXTENSION = "{unit} {label} {title}\n申请延期：{old} → {new}，原因：{reason}"
INVITE_LINK = "邀请（{role}，{unit}）：{link}\n7天内有效，只能使用一次。"
INVITE_USAGE = ("用法：/invite 单位名称 角色（角色：联络员（即A岗）、B岗、分管领导）；/invite 观察员、/invite 管理员 "
                "不需要单位")
HANDOVER_LINK = "岗位交接：请把这个链接发给接任的同志，对方加入后你的权限即停止：{link}"
HANDOVER_FILED = "岗位变动备案：「{unit}」{role}由 {old} 交接给 {new}。"
MESSAGE_REFUSED = ("一条发给「{unit}」{role}（{name}）的消息被 Telegram 拒收（{error}），已停止重发，"
                   "请检查该人员或消息内容。")
UNREACHABLE = "无法给「{unit}」的{role}（{name}）发送消息：对方屏蔽了机器人。请联系其本人或更换联络员。"
ITEM_HISTORY_LINE = "{at} {who}：{action} {text}"
NO_SUCH_ITEM = "没有这个事项，或你无权查看。"
DATE_UNDERSTOOD = "（理解为 {date}）"
TICK_DONE = "本轮排入 {queued} 条提醒，发件箱已处理。"
CLI_INVITE = "邀请链接：{link}\n邀请码：{code}\n7天内有效，只能使用一次。"
ROSTER_SUGGESTION = "名册中缺少以下单位，可把这些条目加入名册（units 下），核对类型和分组："
ROSTER_WRITTEN = "名册已写入 {out}"
ROSTER_STORED = "名册已存入数据库：{count} 个单位。"
LEDGER_TITLE = "{title}工作台账（{unit}）"
ALL_UNITS = "全部单位"
LEDGER_WRITTEN = "台账已导出到 {out}（{count} 项）"
ROLLUP_TITLE = "{title} 月反馈汇总（{period}）"
CIRCULATION_TITLE = "关于{title}落实情况的通报（{period}，草稿）"
REPORT_WRITTEN = "已生成 {out}"
NO_SUCH_PLAN = "数据库中没有计划「{plan}」：请写计划编号，或导入时用的文件"
OUT_NEEDED = "请用 --out 指定报告文件"
SCORES_TITLE = "{title} 年底考评得分（{period}）"
INSPECTION_TITLE = "{title} 半年督查名单（{period}）"

# --- evidence files (issue 19) ---------------------------------------------
PHOTO_NAME = "照片.jpg"
EVIDENCE_TOO_LARGE = ("文件「{name}」有 {size:.1f} MB，超过 {limit} MB 的上限，未保存。请压缩后重新发送，"
                      "或发送文件所在的链接。")
EVIDENCE_FILE = "文件「{name}」（见下条）"

# --- no traps, every item named (issue 19) -----------------------------------
ITEM_NAMED = "{label}「{title}」"
FEEDBACK_TITLE = "本月工作进展"
NEAREST_TAKEN = "（序号{seq}有{count}期未办，已记在{when}这一期；不是这一期请点下方按钮改记。）"
BUTTON_MOVE = "改记到 {label} {when}"
MOVE_LAPSED = "这个选择已过期：请重新发送对{item}的答复。"
ITEM_USAGE = ("用法：/item 序号，如 /item 52；一行有多期时加月份，如 /item 53 9月；月反馈和整改通知书写名称，如 /item "
              "月反馈 6月、"
              "/item 整改；政务公开办再写单位，如 /item 53 县司法局")
NO_ITEM_NAMED = "没有找到{name}的事项（或不是你单位的）。发送 /my 查看本单位事项。"
ITEM_CARD = "{item}\n单位：{unit}\n完成时限：{due}\n状态：{state}"
ITEM_CONTENT = "主要内容：{content}"
ITEM_METRIC = "量化指标：{metric}"
ITEM_OTHER_PERIODS = "该行另有：{periods}（如 /item {name} {month}月 查看）"
ITEM_HISTORY_HEAD = "办理记录："
HISTORY_ACTIONS = {"acknowledge": "签收", "progress": "推进中", "block": "报告困难", "submit": "提交办结",
                   "hold": "同意暂缓", "accept": "审核通过", "return": "退回", "waive": "免除",
                   "extension.request": "申请延期", "extension.approve": "同意延期", "extension.refuse": "不同意延期",
                   "reassign": "改记到同一序号的另一期"}
HISTORY_EXPECTED = "（预计 {date} 完成）"
HISTORY_FILE = "文件「{name}」"
OFFICE_NAME = "政务公开办"
MY_PAGE = "第{page}/{pages}页，共 {count} 项"
MY_NEXT = "；发送 /my {next} 看下一页"
WELCOME_SECTIONS = {"overdue": "已逾期：", "due": "今天到期：", "before": "30天内到期："}
SECTION_HEAD = {"overdue": "已逾期：", "due": "今天到期：", "before": "即将到期："}
FEEDBACK_ASK = "本月反馈：请按「{label} 已完成」，用一段话说明本月各项工作的进展。"
FEEDBACK_ONGOING = "长期推进的工作：序号{seqs}（{count}项），在反馈中一并说明。"
FEEDBACK_LATE = ("逾期未办、需说明情况的：{names}（{count}项），可点下方按钮，或回复如「{first}号推进中，预计月底完成」"
                 "。")
FEEDBACK_REST = "其余事项发送 /my 查看。"
AND_MORE = "等"
ITEM_REFUSED = "{item}：{reason}。发送 /my 查看本单位事项，或在提醒下方点按钮。"
EXTENSION_TOO_EARLY = ("{item}的完成时限是 {due}，你写的日期理解为 {date}，不晚于原时限，无需延期。"
                       "请回复一个晚于 {due} 的日期；不延期了，直接发送别的内容（如「{seq}号已完成 http://…」）或 /my "
                       "即可。")

# --- the cadence ---------------------------------------------------------
NONE = "无"
AND_MORE_UNITS = "{names}等{count}个单位"
FEEDBACK_NAME, REPORT_KINDS = glossary.FEEDBACK_NAME, glossary.REPORT_NAMES
DIGEST_TITLE = "【督办周报】{first.year}年{first.month}月{first.day}日—{last.month}月{last.day}日"
WEEK_DATES = "{first.year}年{first.month}月{first.day}日—{last.month}月{last.day}日"
DIGEST_DUE = "本周到期 {count} 项"
DIGEST_OVERDUE = "上周新增逾期 {count} 项"
DIGEST_BLOCKED = "有困难 {count} 项"
DIGEST_DONE = "上周办结 {count} 项"
DIGEST_WAITING = "待审核 {count} 项（/review 审核）"
DIGEST_ITEM = "· {unit} {label}（{due}）"
DIGEST_MORE = "· ……另有 {count} 项，见台账"
DIGEST_RATES = "按时完成率最低的单位（截至上周日）："
DIGEST_RATE = "· {unit} {rate:.0%}（{on_time}/{due}）{change}"
DIGEST_CHANGE = "，较上周{change:+.0%}"
CHART_TITLE = "{title} 各单位按时完成率（{period}）"
ROLLUP_SUMMARY = ("{title}\n已反馈 {answered} 个单位，未反馈 {silent} 个：{names}\n逾期未办 {overdue} 项，有困难 "
                  "{blocked} 项。明细见附件。")
CIRCULATE_IN_CHAT = "草稿见附件，审定后发送 /circulate {words} 印发各单位；未经审定不会通报任何单位。"
SCORES_SUMMARY = "{title}\n共 {units} 个单位，得分最低：{lowest}\n每项扣分的来源见附件「扣分明细」。"
WEEK_AHEAD_HEAD = "【督办周提示】「{unit}」本周有以下事项到期："
WEEK_AHEAD_SECTION = "本周还有以下事项到期："
WHY_REMINDER = {
    "before": "（发送原因：你是「{unit}」的{role}，以上事项临近完成时限。）",
    "due": "（发送原因：你是「{unit}」的{role}，以上事项今天到期。）",
    "overdue": "（发送原因：以上事项已逾期，按督办规则同时提醒「{unit}」A、B岗联络员。）",
    "escalated": "（发送原因：以上事项逾期{days}个工作日仍未办结，按督办规则报「{unit}」分管领导。）",
    "again": "（发送原因：以上事项逾期仍未办结，按督办规则定期再提醒「{unit}」A、B岗联络员，直到办结。）",
}
WHY_CATCH_UP = "督办在 {since} 之后停止运行过，期间应发的提醒合并在这一条中补发。"
WHY_WEEK_AHEAD = "（发送原因：你是「{unit}」的{role}；本周没有到期事项的单位不会收到周提示。）"
WHY_WEEK_IN_REMINDER = "本周到期的事项已一并列出，今天不再另发周提示。"
WHY_REPORT = ("（发送原因：你是{role}，{report}在每个报告期结束后的第一个工作日发送；发送 /mute {report} {next} "
              "可暂停下一期。）")
REPORT_USAGE = ("用法：/report 类型 [报告期]，类型：周报、月反馈、季度通报、半年督查、年底考评、年度报告；报告期如 "
                "2022年6月、"
                "2022年第二季度、本周、上月、上季度，不写则为最近一个完整的报告期。例：/report 月反馈 2022年6月")
MUTE_USAGE = "用法：/mute 类型 报告期，如 /mute 周报 2022年11月28日、/mute 月反馈 2022年11月；/unmute 同样写法可恢复。"
MUTED = "已暂停{report}（{words}）：该期不会自动发送。/unmute {report} {words} 可恢复。"
UNMUTED = "已恢复{report}（{words}）的自动发送。"
CIRCULATE_USAGE = ("用法：/circulate 季度，如 /circulate 2022年第三季度，不写则为上季度（先用 /report 季度通报 "
                   "审阅草稿）")
CIRCULATED = "{period}通报已印发：通报 {named} 个单位（{names}）；参与排名 {units} 个单位。"
ALREADY_CIRCULATED = "{period}的通报已经印发过，不再重复发送。"
CIRCULATION_FINAL_TITLE = "关于{title}落实情况的通报（{period}）"
CIRCULATION_CAPTION = "{period}政务公开重点任务落实情况通报"
UNIT_CIRCULATION = "政务公开办印发了{period}政务公开重点任务落实情况通报，见附件。"
WHY_CIRCULATION = "（发送原因：季度通报经政务公开办审定后发给每个参与排名的单位。）"
NOTICE_LABEL = "整改通知书"
NOTICE_CAPTION = "整改通知书（第{number}号）"
UNIT_NOTICE = ("政务公开办向你单位下发了整改通知书（第{number}号），见附件。\n问题：{problems}\n"
               "请于 {due} 前整改到位，办完后在提醒下方按「已完成」并附上整改材料。\n"
               "（发送原因：整改通知书发给被通知单位的联络员和分管领导。）")
RULES_OF = "计划「{title}」的督办规则（可复制为 YAML 文件修改后用 --file 保存）："
RULES_SAVED = "已保存计划「{title}」的督办规则："
RULES_FILE_BAD = "规则文件 {file}：{problem}"
NOTICE_ISSUED = "已下发整改通知书第{number}号给「{unit}」，整改期限 {due}，已作为督办事项跟踪；文件：{out}"

# --- the rehearsal: web chat and simulator ---------------------------------
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
DEMO_STARTED = "未设置 TELEGRAM_BOT_TOKEN：督办以本机演示模式运行（内置模拟服务器，演示时钟 {day}），请在浏览器打开 http://127.0.0.1:{port}"
PLEASE_RESEND = "督办暂时无法处理你刚才的消息（系统故障，已记录）。请稍后重新发送，你之前已提交的内容不受影响。"
WEBHOOK_USAGE = ("webhook 模式需要 --url https://…（Telegram 只向 HTTPS 地址推送）和 --listen 主机:端口，如 "
                 "127.0.0.1:8443")
DEMO_CANNOT_LISTEN = "演示模式无法在端口 {port} 上启动网页聊天（{error}），请用 --port 换一个端口"
WEB_NO_SUCH_PERSON = "没有这个演示人员"
WEB_NO_SUCH_MESSAGE = "这条消息不在该人员的会话中"
WEB_NO_FILE = "请选择要发送的文件"
WEB_BAD_DATE = "日期应写成 YYYY-MM-DD"
SIM_REST_DAY = "（休息日）"
SIM_NOTHING = "　无消息"
SIM_LINE = "  → {name}：{first}{file}"
SIM_FILE = " ［附件 {file}］"
SIM_TOTAL = "合计：{total} 条消息，{people} 人收到过消息，共 {weeks} 周"
SIM_PER_WEEK = "每人每周消息数（单周最多者在前）："
SIM_HEADERS = ("人员", "总数", "周均", "单周最多")
SIM_WRITTEN = "报告文件：{files}"
SIM_NO_FILES = "期间没有生成报告文件"
SIM_BAD_PERIOD = "模拟期间有误：结束日期 {last} 早于开始日期 {first}"
SIM_BEHAVIOUR_BAD = "行为文件 {file}：{problem}"
SIM_BEHAVIOUR_SHAPE = "应写成 default: silent 和 units: {单位: prompt|late|silent}"
SIM_NO_UNIT = "名册中没有单位「{unit}」"
SIM_NO_BEHAVIOUR = "行为「{kind}」应为 prompt（首次提醒即办结）、late（逾期2个工作日后办结）或 silent（不回复）"

# --- the statutory annual report (政府信息公开工作年度报告) ------------------
ANNUAL_PASSED = "《{file}》已通过校验。"
ANNUAL_SUBMITTED = "年度报告事项已提交，等待政务公开办审核。"
ANNUAL_FAILED = "《{file}》未通过校验，有{count}处问题，请改正后重新发送本文件："
ANNUAL_FINDING = "{n}. {text}（{cells}）"
ANNUAL_CELLS_MORE = "{cells}等{count}个单元格"
ANNUAL_MORE = "……另有{count}处，改正以上各处后重新发送，督办会再次校验。"
ANNUAL_WARNINGS = "以下数据与上年相比变化较大，请核实（不影响提交）："
ANNUAL_OTHER_UNIT = "《{file}》是「{unit}」的模板，请用本单位的模板填写（发送 /annual 获取）。"
ANNUAL_NO_ITEM = ("「{unit}」没有{year}年度的政府信息公开工作年度报告事项，请确认模板的年度，或发送 /annual "
                  "获取本年度模板。")
ANNUAL_CLOSED = "本单位的年度报告事项{state}，不再接收新的报表；如需更正，请联系政务公开办退回后重新发送。"
ANNUAL_TEMPLATE_ASKED = ("本单位的政府信息公开工作年度报告统计表模板（表二、表三、表四）：只填数字，没有的填0，"
                         "填好后把文件直接发回本对话，督办会立即校验。")
ANNUAL_TEMPLATE_UNITLESS = "年度报告模板按单位发送；政务公开办请用 /report annual 年度 查看汇总。"
ANNUAL_TEMPLATE_SENT = ("请填写《{title}》的统计表（表二、表三、表四，见下一条消息的附件），只填数字，没有的填0；"
                        "填好后把文件直接发回本对话，督办会立即校验，通过即视为已报送。请于{due}前报送。\n"
                        "（发送原因：你是本单位联络员，年度报告统计表在新年度第一个工作日发给须报送的单位。）")
ANNUAL_PERIOD = "年度报告的报告期应为计划「{title}」的年度 {year}，而不是 {period}"
ANNUAL_SUMMARY = ("{title}：应报送{units}个单位，已报送{submitted}个，校验通过{passed}个，"
                  "审核通过并计入汇总{included}个。\n"
                  "逾期未报送：{late}\n未计入汇总：{missing}")
ANNUAL_WRITTEN = "已写出汇总表 {xlsx} 和报告框架 {docx}"
ANNUAL_FILE_BAD = "{file}：{problem}"
ANNUAL_NOT_TEMPLATE = "不是督办的年度报告统计表模板（用 duban annual template 或机器人的 /annual 获取）"
ANNUAL_TEMPLATE_WRITTEN = ("已写出模板 {out}：只填数字，没有的填0；填好后由联络员在机器人中发回，或用 duban annual "
                           "load 存入。")
ANNUAL_LOADED = "《{file}》（{unit}，{year}年度）已存入督办。"

# --- the office in chat, periods as people write them, the command line (issue 19, points 9-14) --------------
ROLE_WORDS = {"联络员": glossary.LIAISON_A, "A岗": glossary.LIAISON_A, "A岗联络员": glossary.LIAISON_A,
              "联络员A": glossary.LIAISON_A, "B岗": glossary.LIAISON_B, "B岗联络员": glossary.LIAISON_B,
              "联络员B": glossary.LIAISON_B, "领导": glossary.LEADER, "管理员": glossary.ADMIN,
              "政务公开办": glossary.ADMIN,
              **{name: role for role, name in ROLE_NAMES.items()}, **{role.upper(): role for role in ROLE_NAMES}}
CIRCULATION_REACHED = "已送达 {units} 个单位的 {people} 人（联络员和分管领导）。"
CIRCULATION_NOBODY = ("以下 {count} 个单位还没有人加入督办（或均无法送达），未收到通报，请另行送达并发邀请（/invite）："
                      "{names}")
CIRCULATION_EVERYONE = "每个参与排名的单位都至少有一人收到。"
TOKEN_NEEDED_FOR_ROLE = ("未设置 TELEGRAM_BOT_TOKEN：--role 或 --webhook 是生产部署，不会启动本机演示。"
                         "请在环境变量或 .env 文件中设置机器人令牌（见 .env.example）；只有不带参数的 duban run "
                         "才在本机演示。")
OVERVIEW_HEAD = "【政务公开办】{date}督办概况"
OVERVIEW_REVIEW = "待审核 {count} 项（办结 {submitted}，延期申请 {extensions}）：发送 /review 审核"
OVERVIEW_BLOCKED = "有困难 {count} 项"
OVERVIEW_BLOCKED_LINE = "· {unit} {label} {title}（{state}）：{reason}"
OVERVIEW_RED = "红灯单位（有逾期）{count} 个，逾期 {items} 项：{names}"
OVERVIEW_RED_UNIT = "{unit}（{count}项）"
OVERVIEW_JOINED = "已有人加入督办的单位：{joined}/{units} 个"
OVERVIEW_FOOT = "/unit 单位名称 查看一个单位　/ledger 台账（Excel）　/report 周报 最新周报　/help 全部命令"
UNIT_USAGE = "用法：/unit 单位名称，如 /unit 望洪镇"
UNIT_HEAD = "「{unit}」督办情况"
UNIT_PERSON = "{role}：{name}"
UNIT_NOBODY = "未加入"
UNIT_COUNTS = "共 {total} 项：已办结 {closed}，待审核 {submitted}，逾期 {overdue}，有困难 {blocked}"
UNIT_OPEN = "未办结的事项："
UNIT_NOTHING_OPEN = "没有未办结的事项。"
UNIT_MORE = "……另有 {count} 项，见台账：/ledger {unit}"
LEDGER_SENT = "台账（{unit}，{count} 项）见附件：计划各列加状态、完成日期、佐证和审核。"
LEDGER_FILE = "台账-{unit}.xlsx"
OFFICE_HELP = ("政务公开办可以：\n/my 督办概况（待审核、有困难、红灯单位）\n/review 审核办结、延期和困难\n"
               "/unit 单位名称 查看一个单位\n/ledger [单位名称] 台账（Excel）\n"
               "/report 类型 [报告期] 报告，如 /report 月反馈 2022年6月、/report 季度通报 上季度\n"
               "/circulate [季度] 审定并印发季度通报\n/invite 单位名称 联络员（或 B岗、分管领导）生成邀请\n"
               "/mute、/unmute 类型 报告期 暂停或恢复一期自动报告\n/console 网页控制台的一次性登录链接")
BUTTON_REFUSE_HOLD = "不同意"
ASK_REFUSE_HOLD_REASON = "不同意{item}（{unit}）暂缓：请写明原因，单位会收到，并继续被催办。"
HOLD_REFUSED = "已不同意{item}（{unit}）暂缓，原因：{reason}。该项恢复为推进中，继续催办。"
UNIT_HOLD_REFUSED = "政务公开办不同意{item}暂缓，原因：{reason}\n请继续办理，办完后按「已完成」并附上佐证。"
TOKEN_MISSING = "未设置 TELEGRAM_BOT_TOKEN（机器人令牌）：请在环境变量或 .env 文件中设置，见 .env.example"
BAD_TIMEZONE = "DUBAN_TIMEZONE：'{value}' 不是时区名称，应写成如 Asia/Shanghai"
BAD_NOW = "DUBAN_NOW：'{value}' 不是带时区的 ISO 时间，应写成如 2022-11-23T09:00:00+08:00"
BAD_OFFICE_HOURS = "DUBAN_OFFICE_HOURS：'{value}' 应写成如 09:00-17:30"
OFFICE_HOURS_BACKWARDS = "DUBAN_OFFICE_HOURS：'{value}' 的结束时间早于开始时间"
BAD_SECONDS = "{key}：'{value}' 应为秒数（至少为 1 的整数）"
BAD_SEND_RATE = "DUBAN_SEND_RATE：'{value}' 应为每秒发送的消息数，大于 0、不超过 1000"
CLI_FILE_FAILED = "{file}：{reason}"
CLI_NO_SUCH_REPORT = "'{word}' 不是报告类型：应为周报、月反馈、季度通报、半年督查、年底考评或 circulate"
CLI_BAD_DATE = "'{text}' 不是日期，应写成 YYYY-MM-DD，如 2022-06-01"
CLI_BAD_NUMBER = "'{text}' 不是整数"
DB_CREATED = "已在新数据库中建表（版本 {head}）。"
DB_MIGRATED = "数据库已从版本 {old} 升级到 {head}。"
CIRCULATE_IN_CLI = ("草稿即下面写出的文件，审定后运行 duban report circulate --period {period} 印发各单位；"
                    "未经审定不会通报任何单位。")
# argparse's own words (usage, headings, errors), by their English text
ARGPARSE = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值（%(type)s）",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的参数值 %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 %(parser_name)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}
CLI_PLACEHOLDERS = {"plan": "计划", "roster": "名册", "unit": "单位", "start": "日期", "end": "日期", "out": "文件",
                    "feedback_day": "日", "plan_year": "年度", "issued": "日期", "issuer": "机关", "doc_number": "文号",
                    "calendar": "节假日文件", "period": "报告期", "items": "序号", "problem": "问题",
                    "workdays": "工作日数", "file": "文件", "listen": "主机:端口", "url": "地址", "year": "年度",
                    "port": "端口",
                    "behaviour": "习惯文件", "role": "角色", "format": "格式"}
CLI_NO_SUCH_ROLE = "'{word}' 不是角色：应为联络员（A岗）、B岗、分管领导、观察员或管理员"
NOT_A_REPORT = "'{word}' 不是报告类型。"
# --- reading plans offices really have (issue 18) -------------------------
RULE_LABELS = {**RULE_LABELS, "Unstated": "未写时限（先按长期，月反馈）"}
COLUMNS_HELP = ("把表头映射到栏目，如 --columns 完成时限=时间节点（可重复）；栏目：序号、重点工作、主要内容、量化指标、"
                "牵头单位、责任单位、配合单位、完成时限、备注")

# --- evidence checks: dead links and unmasked personal data (issue 26) ------------------------------
CHECK_REASONS = {
    "scheme": "只能打开 http 或 https 链接（这是 {detail}）",
    "bad-url": "链接写法有误",
    "private-address": "指向内网或本机地址（{detail}），督办不打开；如是本单位内网网站，"
                       "请政务公开办在设置（DUBAN_LINK_HOSTS）中列出该主机",
    "dns": "域名 {detail} 无法解析",
    "connect": "无法连接到网站",
    "tls": "网站的 HTTPS 证书无效",
    "timeout": "{detail} 秒内没有打开",
    "status": "网站返回错误 {detail}",
    "redirects": "跳转超过 {detail} 次",
    "image": "图片，未检查其中的个人信息",
    "unreadable": "文件无法读取（已损坏或加密），未检查",
    "kind": "不是可检查的类型（.docx、.xlsx、.pdf、.txt、.csv 或网页），未检查",
}
CHECK_LINK_OK = "链接可以打开：{source}，标题「{title}」{at}"
CHECK_AT = "（{at} 检查）"
CHECK_LINK_FAILED = "链接无法打开：{source}（{reason}）"
CHECK_NOT_CHECKED = "{source}：{reason}"
CHECK_CLEAN = "{source}：未发现未遮掩的身份证号、手机号或银行卡号。"
CHECK_FINDINGS = "{source}：发现 {count} 处未遮掩的个人信息："
CHECK_FINDING = "· {where} {kind}：{excerpt}"
CHECK_MORE = "· ……另有 {count} 处"
CHECK_CAPPED = "（内容过大，只检查了前一部分）"
CHECK_UNTITLED = "（无标题）"
REPLY_TEXT_SOURCE = "回复文字"
LINE = "第{n}行"
CHECK_WARNING = "⚠ "
CHECK_FINE = "✓ "
CHECK_UNCHECKED = "○ "
LIAISON_CHECK_HEAD = "你为「{title}」提交的佐证需要处理："
LIAISON_LINK_FIX = "请核对链接能否打开，改正后重新提交。"
LIAISON_DATA_FIX = ("请遮掩个人信息（如 640121********1234、138****5678）后重新发布或发送。"
                    "政务公开办审核时会看到这条提示。")
CLI_CHECK_UNREADABLE = "{source}：无法读取（{error}）"

# --- reports an office can defend (issue 20) -----------------------------
PROVISIONAL = "（临时，报告期未结束）"
DIGEST_RED = "红灯（有逾期）{count} 个单位："
DIGEST_NO_RED = "红灯（有逾期）：无"
DIGEST_RED_ROW = "· {unit}　逾期 {overdue} 项，其中待办 {silent} 项"
DIGEST_MORE_UNITS = "· ……另有 {count} 个单位，见图表"
DIGEST_YELLOW = "黄灯（3个工作日内到期或被退回）：{names}"
DIGEST_GREEN = "绿灯 {count} 个单位"
DIGEST_UNJOINED = "尚无联络员加入督办的单位 {count} 个（收不到提醒，不计入上面的红黄绿灯，请发送邀请）：{names}"
CHART_LEGEND = {"red": "红：有逾期事项", "yellow": "黄：3个工作日内到期或被退回", "green": "绿：正常"}
NAMING_RULE = "通报规则：有事项逾期超过{days}个工作日，或逾期事项达到{items}项（可在规则文件 naming 中设定）"
CIRCULATION_SUMMARY_RULED = ("{title}\n参与排名 {ranked} 个单位（按时完成率相同的并列）；拟通报 {named} 个单位："
                             "{names}\n{rule}\n"
                             "建议约谈：\n{interview}")
INTERVIEW_LINE = "· {unit}：{why}"
INTERVIEW_NAMED = "本年度被通报{times}次（{periods}）"
INTERVIEW_LAST = "排名末位且按时完成率低于约谈线，逾期工作日最多"
INSPECTION_SUMMARY_RULED = ("{title}\n建议实地督查（按时完成率最低的{size}个单位，与第{size}个并列的一并列入）："
                            "{names}\n"
                            "各单位待查事项见附件。")
CIRCULATION_CHANGED = ("{period}的数据在草稿生成后有变化，本次未印发。变化如下：\n{changes}\n"
                       "新的草稿见附件，审定后再次发送 /circulate {period} 印发。")
CIRCULATION_CHANGE = "· {unit}：{before} → {after}"
CIRCULATION_ABSENT = "不在排名中"
CIRCULATION_PLACE = "{place}，按时完成率{rate:.0%}{named}"
CIRCULATION_NAMED_MARK = "，通报"
CIRCULATION_NO_DRAFT = ("{period}的通报草稿还没有给政务公开办审阅过。草稿见附件，审定后再次发送 /circulate {period} "
                        "印发。")
CIRCULATION_NOT_ENDED = "{period}尚未结束，不能印发通报；可用 /report quarterly {period} 查看临时草稿。"
UNIT_NAMED_WHY = "你单位被通报：{items}。请于10个工作日内整改，并将整改情况报政务公开办。"
ROLLUP_UNJOINED = "另有 {count} 个单位尚无联络员加入督办，没有收到月反馈提醒（请发送邀请）：{names}"
CLI_SEE_NEW_DRAFT = ("用 duban report quarterly --period {period} --out 草稿.docx 查看新草稿，"
                     "审定后再运行 duban report circulate --period {period} 印发。")

# --- i21: hostile input and faults ---
AUDIT_ANCHOR = ("留痕锚点：{anchor}（已印在文件上；请随文件留存，日后可用 duban audit verify --against '{anchor}' "
                "核验留痕未被删改）")
AUDIT_ANCHOR_HELD = "与锚点 {anchor} 相符：留痕仍含当时的全部记录。"
RESTORE_KEPT = "被替换的数据库已保留：{kept}（确认恢复无误后可自行删除）"
WEB_WRONG_HOST = "演示网页只接受发往 127.0.0.1 或 localhost 的请求"
WEB_NO_TOKEN = "请求缺少本页的令牌（跨站请求被拒绝）：请刷新演示网页后重试"
TELEGRAM_AWAY = "Telegram 暂时无法连接：消息已排队，下次运行时发送"
BAD_AUDIT_KEY = "DUBAN_AUDIT_KEY：至少 {least} 个字符（可用 openssl rand -hex 32 生成）"
BAD_AUDIT_KEY_FILE = "DUBAN_AUDIT_KEY_FILE：{path} 中的密钥不足 {least} 个字符"
BAD_BASE_URL = "TELEGRAM_BASE_URL 应为 http:// 或 https:// 开头的地址，如 https://api.telegram.org/bot"
TOKEN_REFUSED = "Telegram 拒绝了 TELEGRAM_BOT_TOKEN（令牌无效或已被撤销）：请在 .env 中核对令牌"

# --- i22: the texts the modules of bot/ still held -----------------------------
MONTH_DAY = "{month}月{day}日"
COUNTED_NAMES = "{count}个：{names}"
PLAN_UNREADABLE = "{path}: 无法读取：{reason}"
IMPORT_DISK_FULL = "磁盘已满，导入未保存，数据库保持原样"
IMPORT_WRITE_FAILED = "数据库写入失败，导入未保存：{error}"
IMPORT_CONCURRENT = "另一个进程正在导入同一计划，请稍后重试"
REHEARSAL_NOT_BACK = "只能向后调整时钟：今天已是 {today}"
REHEARSAL_TOO_FAR = "一次最多前进 {days} 天"
FILE_ANNUAL_COMPILED = "{title}-汇总表.xlsx"
FILE_CIRCULATION_DRAFT = "季度通报草稿-{period}.docx"
FILE_CIRCULATION = "通报-{period}.docx"
FILE_NOTICE = "整改通知书-第{number}号.docx"
FILE_WEEKLY = "周报-{period}.png"
FILE_ROLLUP = "月反馈汇总-{period}.xlsx"
FILE_INSPECTION = "半年督查名单-{period}.xlsx"
FILE_SCORES = "年底考评-{period}.xlsx"

# --- i22: the command line's own words (bot/cli/main.py looks them up by command and name) ---------------
CLI_DESCRIPTION = "督办：政务公开工作要点的到期事项与提醒"
# each command's and option's help, by command path ("calendar add") and name; a name alone is every
# command's ("--calendar"); <commands> and <actions> are the lists of commands and of a command's actions
CLI_HELP = {
    "<commands>": "要执行的命令",
    "calendar": "工作日日历",
    "<actions>": "要执行的操作",
    "calendar add": "某日之后第N个工作日（或自然日）",
    "calendar add date": "起算日期 YYYY-MM-DD",
    "calendar add n": "向后数的工作日（或 --days 时的自然日）",
    "--days": "按自然日计算",
    "calendar add --format": "输出格式（默认 text）",
    "--calendar": "本地节假日文件（YAML），也可用环境变量 DUBAN_CALENDAR_FILE",
    "calendar covers": "是否已收录某年度的节假日安排",
    "calendar covers year": "如 2027",
    "plan": "工作要点",
    "plan check": "检查任务表：每行的责任单位、完成时限和问题",
    "plan check plan": "工作要点文件：Word、Excel、CSV 或文本",
    "plan check --roster": "单位名册（YAML 或 Excel）；不给则按文中写法显示单位",
    "plan check --format": "输出格式（默认 table）",
    "--plan-year": "计划年度（覆盖文中所写）",
    "--issued": "印发日期 YYYY-MM-DD（覆盖文中所写）",
    "--issuer": "印发机关（覆盖文中所写）",
    "--doc-number": "文号（覆盖文中所写）",
    "plan export": "导出审核表（xlsx）：原表加上督办的理解，改正后可重新导入",
    "plan export plan": "工作要点文件：Word、Excel、CSV 或文本",
    "plan export --roster": "单位名册（YAML 或 Excel）",
    "plan export --out": "审核表（.xlsx）",
    "import": "导入工作要点并生成到期事项（存入数据库）",
    "import plan": "工作要点文件：Word、Excel、CSV 或文本，或改正后的审核表",
    "import --roster": "单位名册（YAML 或 Excel）",
    "--feedback-day": "月反馈日（默认每月25日）",
    "--roll-to": "把上一年度的计划作为本年度模板：完成时限顺延到该年度",
    "due": "各单位的到期事项（给出 --plan 和 --roster 时直接读文件，否则读数据库）",
    "due --plan": "有 --roster 时：计划文件；否则：已导入计划的编号，或导入时的文件（默认：最近导入的计划）",
    "due --roster": "单位名册（YAML 或 Excel）（直接读计划文件时需要）",
    "due --unit": "单位名称（全称或文中简称）",
    "--from": "起始日期 YYYY-MM-DD",
    "--to": "截止日期 YYYY-MM-DD",
    "due --format": "输出格式（默认 table）",
    "db": "数据库",
    "db upgrade": "建表或升级到当前版本",
    "audit": "审计记录（留痕）",
    "audit verify": "校验审计链是否完整",
    "--against": "报表或导出文件上印的留痕锚点「条数:哈希」：证明留痕仍含当时的全部记录",
    "audit export": "导出审计记录",
    "audit export --format": "格式（默认 csv）",
    "audit export --out": "写入文件（默认输出到屏幕）",
    "backup": "备份数据库",
    "backup --out": "备份文件",
    "restore": "用备份替换当前数据库",
    "restore file": "duban backup 写出的文件",
    "roster": "单位名册",
    "roster export": "把名册写成 YAML 或 Excel（按 --out 的扩展名）",
    "roster export --roster": "单位名册（YAML 或 Excel）",
    "roster export --out": "写出的文件（.yaml 或 .xlsx）",
    "roster import": "把名册（YAML 或 Excel）存入数据库",
    "roster import file": "单位名册（YAML 或 Excel）",
    "export": "导出文件",
    "export ledger": "工作台账（xlsx）：计划各列加状态、完成日期、佐证和审核",
    "export ledger --plan": "已导入计划的编号，或导入时的文件（默认：最近导入的计划）",
    "export ledger --unit": "只导出一个单位",
    "export ledger --out": "台账文件（.xlsx）",
    "annual": "政府信息公开工作年度报告：单位的统计表模板，存入单位报回的统计表",
    "annual template": "某单位的统计表模板（xlsx），已知的上年结转、现行有效件数已填入",
    "annual template --unit": "单位名称（全称或简称）",
    "annual template --plan": "已导入计划的编号，或导入时的文件（默认：最近导入的计划）",
    "annual template --out": "统计表模板（.xlsx）",
    "annual load": "校验并存入单位报回的统计表（如上年度的数据）；本年度的通过校验即提交该单位的年度报告事项",
    "annual load file": "单位报回的统计表（.xlsx）",
    "annual load --plan": "已导入计划的编号，或导入时的文件（默认：最近导入的计划）",
    "report": ("周报（png）、月反馈汇总（xlsx）、季度通报草稿（docx）、半年督查（xlsx）、年底考评（xlsx）；"
               "circulate：审定并印发季度通报"),
    "report kind": ("周报、月反馈、季度通报、半年督查、年底考评、年度报告（或 weekly、monthly…、annual），"
                    "circulate：印发季度通报"),
    "report --plan": "已导入计划的编号，或导入时的文件（默认：最近导入的计划）",
    "--period": "报告期，如 2022年6月、2022年第二季度、上月、2022-W47、2022Q3、2022；不写则为最近一期",
    "report --out": "报告文件（circulate 不需要；年度报告另在同名 .docx 写出报告框架）",
    "notice": "下发整改通知书（docx），并作为督办事项跟踪",
    "notice --unit": "被通知的单位（全称或简称）",
    "--items": "涉及事项的序号，如 3,5",
    "--problem": "发现的问题",
    "--workdays": "整改期限（工作日；默认按计划规则，未设为{workdays}）",
    "notice --plan": "已导入计划的编号，或导入时的文件（默认：最近导入的计划）",
    "notice --out": "整改通知书（.docx）",
    "rules": "计划的督办规则（提醒梯度、考评扣分、整改期限）：查看，或用 YAML 文件修改",
    "rules --plan": "已导入计划的编号，或导入时的文件（默认：最近导入的计划）",
    "--file": "规则文件（YAML）：只写要改的项，其余保持不变",
    "run": "启动机器人（轮询）并每分钟排程、发送；未设置 TELEGRAM_BOT_TOKEN 时在本机演示",
    "run --role": "多进程部署（PostgreSQL）时本进程的角色：接收消息、排程（自动选出一个）或发送；默认全部",
    "--webhook": "用 webhook 接收消息（需 --listen 和 --url）",
    "--listen": "webhook 监听地址（默认 127.0.0.1:8443，放在 HTTPS 反向代理之后）",
    "--url": "webhook 的公网地址，如 https://duban.example.gov.cn",
    "--year": "演示：把永宁县2022年计划顺延到该年度（默认2022）",
    "--port": "演示：网页聊天的端口（默认8765）",
    "simulate": "试运行：按天快进，列出每天会发给谁什么，统计每人每周消息数，写出报告",
    "simulate --plan": "工作要点文件：Word、Excel、CSV 或文本",
    "simulate --roster": "单位名册（YAML 或 Excel）",
    "--behaviour": "各单位的办理习惯（YAML：default 和 units，取值 prompt、late、silent）",
    "simulate --out": "报告文件写入的目录（默认 ./simulation）",
    "tick": "执行一轮排程和发送后退出（用于 cron）",
    "invite": "生成一次性邀请链接",
    "invite --unit": "单位名称（管理员可不填）",
    "invite --role": ("联络员（即A岗）、B岗、分管领导、观察员、管理员（或 liaison-a、liaison-b、leader、observer、"
                      "admin）"),
    "check": "核验佐证",
    "check evidence": "打开链接或读取文件，检查能否打开、有无未遮掩的身份证号、手机号、银行卡号",
    "check evidence target": "http(s) 链接，或 .docx、.xlsx、.pdf、.txt、.csv 文件",
}
# the placeholders of arguments that are not options' (those are CLI_PLACEHOLDERS), by the same keys
CLI_ARGUMENTS = {
    "<commands>": "命令",
    "<actions>": "操作",
    "calendar add date": "日期",
    "calendar add n": "天数",
    "calendar covers year": "年度",
    "plan check plan": "计划文件",
    "--columns": "栏目=表头",
    "plan export plan": "计划文件",
    "import plan": "计划文件",
    "--roll-to": "年度",
    "restore file": "备份文件",
    "roster import file": "名册文件",
    "annual load file": "统计表",
    "report kind": "类型",
    "check evidence target": "文件或链接",
}

# --- i23: DingTalk and WeCom beside Telegram ---
BAD_CHANNEL = "DUBAN_CHANNEL 应为 telegram、dingtalk 或 wecom，而不是「{value}」"
CHANNEL_KEYS_MISSING = "在 .env 中还缺少：{keys}（这一平台的凭证要么全部填写，要么都不填以演练）"
BAD_NUMBER = "{key} 应为数字，而不是「{value}」"
BAD_WECOM_AES_KEY = "WECOM_AES_KEY 应为企业微信后台生成的 43 个字符的 EncodingAESKey"
CHANNEL_NAMES = {"telegram": "Telegram", "dingtalk": "钉钉", "wecom": "企业微信"}
INVITE_CODE_TO_SEND = "{code}\n（请在{platform}里把这串邀请码原样发给「督办」）"
CHANNEL_DEMO_STARTED = ("未设置{platform}的凭证：督办以本机演示模式运行（内置{platform}模拟服务器，演示时钟 {day}），"
                        "请在浏览器打开 http://127.0.0.1:{port}")
CLI_INVITE_CODE = "邀请码：{code}\n请对方在{platform}里把邀请码原样发给「督办」。7天内有效，只能使用一次。"
CREDENTIALS_NEEDED_FOR_ROLE = ("未设置{platform}的凭证（见 README 中该平台一节）："
                               "正式运行、--role 和 duban tick 都需要它们")
WEBHOOK_TELEGRAM_ONLY = ("--webhook 只用于 Telegram；钉钉用 Stream 模式主动连接，"
                         "企业微信的回调地址由 WECOM_CALLBACK_LISTEN 设置")
WECOM_MORE_BY_TEXT = "其余事项请直接回复序号和办理情况，如「17号已完成」，或发送 /my 查看"
BAD_ENDPOINT = "{key} 应为 http:// 或 https:// 开头的地址（只在指向本机模拟服务器时设置）"
CLI_HELP["run --channel"] = "聊天平台（默认取 .env 中的 DUBAN_CHANNEL，未设置为 telegram）；未填该平台凭证时在本机演示"
# console: accounts and safety
CONSOLE_BAD_NAME = "账号名不能为空，且不超过64个字符"
CONSOLE_BAD_ROLE = "角色 {role} 不存在：控制台账号的角色为 admin（管理员）或 observer（观察员，只读）"
CONSOLE_SHORT_PASSWORD = "密码至少 {least} 个字符"
CONSOLE_NAME_TAKEN = "账号 {name} 已存在"
CONSOLE_PASSWORDS_DIFFER = "两次输入的密码不一致，账号未建立"
CONSOLE_USER_ADDED = "已建立控制台账号 {name}（{role}）"
CONSOLE_PASSWORD_PROMPT = "密码："
CONSOLE_PASSWORD_AGAIN = "再输入一次："
CONSOLE_THROTTLED = "登录失败次数过多，请 {minutes} 分钟后再试"
CONSOLE_WRONG_PASSWORD = "账号或密码不正确"
CONSOLE_LINK_SPENT = "此登录链接已使用或已过期：请在机器人里重新发送 /console，或用账号密码登录"
CONSOLE_FORGED = "请求缺少本页的校验码（可能是伪造的跨站请求），未执行：请刷新页面后重试"
CONSOLE_NO_SESSION = "尚未登录或登录已过期：请重新登录"
CONSOLE_OBSERVER = "观察员只能查看，不能操作"
CONSOLE_LINK_SENT = ("控制台一次性登录链接（{minutes}分钟内有效，只能用一次）：\n{link}\n"
                     "请勿转发；若非本人申请，请忽略。")
CONSOLE_LINK_ADMINS_ONLY = "只有政务公开办管理员可以登录控制台"
CONSOLE_NOT_SERVED = "本机器人没有开启网页控制台（duban run --console 地址:端口）"
CONSOLE_STARTED = "控制台：{url}"
CONSOLE_REHEARSAL_LINK = "控制台（已作为政务公开办登录，链接只能打开一次）：{link}"
CONSOLE_BAD_ADDRESS = "--console 应写成 地址:端口，如 127.0.0.1:8080"
CONSOLE_BAD_URL = "DUBAN_CONSOLE_URL 应为控制台的公网地址，以 https:// 开头，如 https://duban.example.gov.cn"
CONSOLE_ROLE_NAMES = {"admin": "管理员", "observer": "观察员（只读）"}
CONSOLE_REHEARSAL_ACCOUNT = "政务公开办（演示）"
CONSOLE_BAD_DAY = "“{text}”不是日期，请写成 2022-06-30"
CONSOLE_ITEM_ACTION = "事项：{verb}"
CONSOLE_AUDIT_ACTIONS = {
    "plan.import": "导入计划", "plan.rules": "修改督办规则", "roster.import": "导入名册", "invite.create": "生成邀请",
    "invite.revoke": "作废邀请", "person.bind": "人员加入", "person.handover": "岗位交接",
    "person.unreachable": "人员无法送达",
    "evidence.check": "核验佐证", "notice.issued": "下发整改通知书", "circulation.sent": "印发通报",
    "report.muted": "暂停报告", "report.unmuted": "恢复报告", "annual_report.received": "收到年度报告统计表",
    "audit.export": "导出留痕", "db.backup": "备份数据库", "db.restore": "恢复数据库", "scheduler.lead": "排程进程接管",
    "console.user.add": "建立控制台账号", "console.link": "发送控制台登录链接", "console.sign_in": "登录控制台",
    "console.sign_out": "退出控制台",
}
CONSOLE_RULES_SAVED = "已保存督办规则，即日生效（已记入留痕）"
CONSOLE_RULES_INVALID = "有 {count} 处需要改正，规则未保存"
CONSOLE_RULE_GROUPS = {"ladder": "提醒梯度", "naming": "通报与约谈", "scores": "年底考评扣分",
                       "rectification_workdays": "整改期限", "annual_report": "政府信息公开工作年度报告",
                       "doc_number": "文号"}
CONSOLE_RULE_LABELS = {
    "ladder.days_before": ("到期前提醒", "到期前第几个工作日提醒，用逗号分隔，如 7, 3"),
    "ladder.overdue_liaisons": ("逾期告知A、B岗", "逾期第几个工作日告知联络员A岗和B岗"),
    "ladder.overdue_leader": ("逾期告知分管领导", "逾期第几个工作日告知单位分管领导（不早于告知联络员）"),
    "ladder.repeat_overdue_days": ("逾期重复提醒", "此后每隔几个工作日再提醒A、B岗"),
    "scores.base": ("基础分", ""),
    "scores.per_late_item": ("每项逾期扣分", ""),
    "scores.per_return": ("每次退回扣分", ""),
    "scores.per_circulation": ("每次被通报扣分", ""),
    "scores.per_missed_feedback": ("每次漏报月反馈扣分", ""),
    "scores.weight": ("折算权重", "政务公开在效能目标考核中的分值"),
    "naming.overdue_workdays": ("通报：逾期工作日", "逾期超过几个工作日的事项列入通报"),
    "naming.late_items": ("通报：逾期事项数", "逾期事项达到几项的单位列入通报"),
    "naming.interview_circulations": ("约谈：被通报次数", "本年度被通报几次建议约谈"),
    "naming.interview_rate": ("约谈：按时完成率", "排名末位且按时完成率低于此值建议约谈，如 0.6"),
    "naming.inspection_size": ("实地督查单位数", "半年督查列入按时完成率最低的几个单位"),
    "rectification_workdays": ("整改期限（工作日）", "整改通知书的整改期限"),
    "annual_report.days_early": ("提前天数", "比法定的1月31日提前几天（内部时限）"),
    "annual_report.scope": ("汇总范围", ""),
    "doc_number.circulation": ("通报文号", "可用 {issuer}、{year}、{number}"),
    "doc_number.notice": ("整改通知书文号", "可用 {issuer}、{year}、{number}"),
}
CONSOLE_SCOPE_NAMES = {"departments": "只汇总部门", "departments-and-townships": "汇总部门和乡镇"}
CONSOLE_NO_FILE = "请选择要上传的文件"
CONSOLE_UPLOAD_GONE = "上传的文件已不在（超过1小时或已被更新的上传替换）：请重新上传"
CONSOLE_REVIEW_FILE = "审核表-{name}.xlsx"
CONSOLE_ROSTER_FILE = "名册.xlsx"
CONSOLE_PREVIEW = ("导入后将成为第{revision}版：新增 {created} 项，保留 {kept} 项，删除 {deleted} 项，"
                   "停用但保留记录 {retired} 项。")
CONSOLE_NO_SUCH_PERSON = "没有这个在岗人员（可能已交接）：请刷新页面"
CONSOLE_OFFICE = "政务公开办"
CONSOLE_FEEDBACK_PERIOD = "月反馈 {month}"
CONSOLE_ITEM_SUBJECT = "{unit} · 序号{seq} · {period}"
CONSOLE_ITEM_SUBJECT_NO_SEQ = "{unit} · {period}"
CONSOLE_PERSON_SUBJECT = "{name}（{unit}）"
CONSOLE_BAD_YEAR = "“{text}”不是年度，请写成四位数字，如 2023"
CLI_HELP.update({      # the console's commands and options, looked up as the rest of the command line's
    "console": "网页控制台",
    "console user": "控制台账号",
    "console user add": "建立控制台账号（密码输入两次）",
    "console user add name": "账号名，如 王主任",
    "console user add --role": "admin：管理员；observer：观察员，只读",
    "--password-stdin": "从标准输入读取密码（一行），供脚本使用",
    "run --console": "同时开启网页控制台，如 127.0.0.1:8080（放在 HTTPS 反向代理之后；演示时默认为网页聊天的端口加1）",
})
CLI_ARGUMENTS.update({"console user add name": "账号", "run --console": "地址:端口"})

# console: pages
CONSOLE_NO_UNIT = "没有这个单位"
CONSOLE_NO_ITEM = "没有这个事项"
CONSOLE_REASON_NEEDED = "请写明原因（单位会收到）"
WAIVED = "已免除：{item}（{unit}），原因：{reason}"
UNIT_WAIVED = "政务公开办已免除{item}，原因：{reason}。该项不再催办。"
CONSOLE_NOTICE_NO_SEQ = "该事项没有序号（月反馈、整改通知书），不能据此下发整改通知书"
CONSOLE_NOTICE_ISSUED = ("已下发整改通知书第{number}号给「{unit}」，整改期限 {due}，已作为督办事项跟踪，"
                         "并发给该单位联络员和分管领导。")
CONSOLE_NONE_CHOSEN = "请先勾选要通过的事项"
CONSOLE_APPROVE_HERE = "草稿见下方预览与下载；审定后点「审定并印发」（{words}）印发各单位；未经审定不会通报任何单位。"
CONSOLE_REPORT_NO_FILE = "这份报告没有文件（本期没有可绘制的数据）"
CONSOLE_MUTED = "已暂停{report}（{words}）：该期不会自动发送。"
CONSOLE_UNMUTED = "已恢复{report}（{words}）的自动发送。"
CONSOLE_REVIEW_DRAFT = ("本次未印发：草稿未经审阅，或生成后数据有变化。"
                        "请审阅下方的最新草稿，确认无误后再点「审定并印发」。")
CONSOLE_CHASED = "已催办：{count} 项未办事项的提醒已排队发给 {people} 位联络员，稍后送达。"
CONSOLE_CHASED_TODAY = "今天已经提醒过该单位的联络员（每人每天一条），未重复发送。"
CONSOLE_NOTHING_TO_CHASE = "该单位没有需要催办的事项。"
CONSOLE_NOBODY_TO_CHASE = "该单位还没有可接收提醒的联络员：请先发送邀请。"
