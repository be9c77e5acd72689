"""Every message Duban shows people, in Chinese, in one place."""

KIND_LABELS = {
    "once": "一次性", "recurring": "周期", "monthly-feedback": "月反馈",
    "event": "事件触发", "needs-date": "待定日期",
}
ROLE_LABELS = {"responsible": "负责", "lead": "牵头", "helper": "配合"}
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

ROSTER_NEEDED = "直接读取计划文件时需要 --roster 名册"
NO_PLAN_STORED = "数据库中还没有工作要点：请先运行 duban import PLAN --roster ROSTER"
DB_UPGRADED = "数据库已是最新版本。"
AUDIT_INTACT = "审计记录完整：共 {count} 条，哈希链无断点。"
BACKUP_DONE = "已备份到 {out}"
RESTORE_DONE = "已从 {file} 恢复数据库"
IMPORT_STORED = "已保存（第{revision}版）：新增 {created} 项，保留 {kept} 项，删除 {deleted} 项，停用但保留记录 {retired} 项。"
IMPORT_UNCHANGED = "与已保存的第{revision}版相同，未作改动。"
IMPORT_REFUSED = "有错误，未保存：请修正后重新导入。"
