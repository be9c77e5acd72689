"""Writing a roster as YAML (for version control) or as an Excel workbook (for the office)."""
import yaml
from documents.sheets import add_row, add_table, new_workbook, workbook_bytes
from importers.roster_file import GROUP_SHEET, KIND_NAMES, XLSX_COLUMNS
from workflows.roster import Roster

_KIND_LABELS = {kind: label for label, kind in KIND_NAMES.items()}


def roster_yaml(roster: Roster) -> str:
    units = [{"name": u.name, "kind": u.kind, **({"aliases": list(u.aliases)} if u.aliases else {}),
              **({"groups": list(u.groups)} if u.groups else {})} for u in roster.units]
    data = {"units": units, **({"group_aliases": dict(roster.group_aliases)} if roster.group_aliases else {})}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def roster_workbook(roster: Roster) -> bytes:
    book = new_workbook()
    sheet = add_table(book, "名册", XLSX_COLUMNS, (30, 8, 40, 40))
    for unit in roster.units:
        add_row(sheet, [unit.name, _KIND_LABELS[unit.kind], "、".join(unit.aliases), "、".join(unit.groups)])
    groups = add_table(book, GROUP_SHEET, ("别名", "分组"), (30, 30))
    for alias, group in roster.group_aliases.items():
        add_row(groups, [alias, group])
    return workbook_bytes(book)
