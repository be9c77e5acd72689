"""Reading a roster YAML file into a `Roster`, with errors that name the file and the entry.

    units:
      - name: 永宁县司法局
        kind: department            # township | department | section | district | office
        aliases: [县司法局]
        groups: [各部门（单位）]
    group_aliases:                  # another name for a group the units list
      各部门: 各部门（单位）
"""
from pathlib import Path

import yaml
from openpyxl import load_workbook

from importers import unreadable
from workflows.roster import KINDS, Roster, Unit


class RosterError(ValueError):
    """The roster file is missing, malformed, or names something twice."""


def _unit(path: Path, index: int, entry) -> Unit:
    where = f"{path}: units[{index}]"
    if not isinstance(entry, dict) or not entry.get("name"):
        raise RosterError(f"{where}：每个单位都要有名称（name）")
    if entry.get("kind") not in KINDS:
        raise RosterError(f"{where}（{entry['name']}）：类型（kind）应为 {'、'.join(KINDS)} 之一")
    return Unit(str(entry["name"]), entry["kind"], tuple(map(str, entry.get("aliases") or ())),
                tuple(map(str, entry.get("groups") or ())))


def _check_unique(path: Path, units: list[Unit]) -> None:
    seen: dict[str, str] = {}
    for unit in units:
        for name in (unit.name, *unit.aliases):
            if seen.setdefault(name, unit.name) != unit.name:
                raise RosterError(f"{path}：「{name}」同时指 {seen[name]} 和 {unit.name}")


KIND_NAMES = {"乡镇": "township", "部门": "department", "科室": "section", "县区": "district", "办公室": "office"}
XLSX_COLUMNS = ("单位名称", "类型", "别名", "所属分组")
GROUP_SHEET = "分组别名"


def _split(text) -> list[str]:
    return [part.strip() for part in str(text or "").replace("，", "、").replace(",", "、").split("、") if part.strip()]


def _xlsx_data(path: Path) -> dict:
    """The same data as the YAML, from a workbook: one unit a row; a second sheet for group aliases."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:   # openpyxl raises many kinds for a bad file
        raise RosterError(f"{path}: 无法打开：{error.__class__.__name__}")
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    if not rows or tuple(str(c or "").strip() for c in rows[0][:4]) != XLSX_COLUMNS:
        raise RosterError(f"{path}: 第一行应为 {'、'.join(XLSX_COLUMNS)}")
    units = [{"name": str(r[0]).strip(), "kind": KIND_NAMES.get(str(r[1] or "").strip(), str(r[1] or "").strip()),
              "aliases": _split(r[2]), "groups": _split(r[3])} for r in rows[1:] if r and r[0]]
    aliases = {}
    if GROUP_SHEET in book.sheetnames:
        aliases = {str(a).strip(): str(g).strip() for a, g, *_ in book[GROUP_SHEET].iter_rows(min_row=2, values_only=True) if a and g}
    return {"units": units, "group_aliases": aliases}


def load_roster(path: Path) -> Roster:
    """A roster from YAML or from an Excel workbook (单位名称、类型、别名、所属分组)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        data = _xlsx_data(path)
    else:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise RosterError(f"{path}：无法读取：{unreadable.reason(error)}")
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        raise RosterError(f"{path}：需要 units 单位列表")
    units = [_unit(path, i, entry) for i, entry in enumerate(data["units"])]
    _check_unique(path, units)
    aliases = data.get("group_aliases") or {}
    if not isinstance(aliases, dict):
        raise RosterError(f"{path}：group_aliases 应为「别名: 分组」的对应表")
    return Roster(tuple(units), {str(k): str(v) for k, v in aliases.items()})
