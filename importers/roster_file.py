"""Reading a roster YAML file into a `Roster`, with errors that name the file and the entry.

    units:
      - name: 永宁县司法局
        kind: department            # township | department | section | district | office
        aliases: [县司法局]
        groups: [各部门（单位）]
    group_aliases:                  # another name for a group the units list
      各部门: 各部门（单位）
"""
import io
from pathlib import Path

import yaml

from importers import unreadable
from importers.archive_limits import check_archive
from workflows.errors import InputError
from workflows.roster import KINDS, Roster, Unit


class RosterError(InputError):
    """The roster file is missing, malformed, or names something twice."""


def _unit(path: Path, index: int, entry) -> Unit:
    where = f"{path}: units[{index}]"
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str | int) or not str(entry["name"]).strip():
        raise RosterError(f"{where}：每个单位都要有名称（name），不能为空")
    name = str(entry["name"]).strip()
    if entry.get("kind") not in KINDS:
        raise RosterError(f"{where}（{name}）：类型（kind）应为 {'、'.join(KINDS)} 之一")
    return Unit(name, entry["kind"], _names(where, name, entry, "aliases"), _names(where, name, entry, "groups"))


def _names(where: str, name: str, entry: dict, key: str) -> tuple[str, ...]:
    """A list of names; a plain string would otherwise be read one character a name (县/财/政/局)."""
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str | int) and str(v).strip() for v in value):
        raise RosterError(f"{where}（{name}）：{key} 应写成列表，如 {key}: [县财政局]，每项不能为空")
    return tuple(str(v).strip() for v in value)


def _check_unique(path: Path, units: list[Unit]) -> None:
    seen: dict[str, str] = {}
    listed: set[str] = set()
    for index, unit in enumerate(units):
        if unit.name in listed:
            raise RosterError(f"{path}: units[{index}]（{unit.name}）：单位重复列出")
        listed.add(unit.name)
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
        data = path.read_bytes()
    except OSError as error:
        raise RosterError(f"{path}：无法读取：{unreadable.reason(error)}")
    check_archive(data, lambda refusal: RosterError(f"{path}：{refusal}"))
    from openpyxl import load_workbook     # a quarter of a second: only for a roster that is a workbook
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:   # openpyxl raises many kinds for a bad file
        raise RosterError(f"{path}: 无法打开：{error.__class__.__name__}")
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    if not rows or tuple(str(c or "").strip() for c in rows[0][:4]) != XLSX_COLUMNS:
        raise RosterError(f"{path}: 第一行应为 {'、'.join(XLSX_COLUMNS)}")
    units = [{"name": str(r[0]).strip(), "kind": KIND_NAMES.get(str(r[1] or "").strip(), str(r[1] or "").strip()),
              "aliases": _split(r[2]), "groups": _split(r[3])} for r in rows[1:] if r and r[0]]
    aliases = {}
    if GROUP_SHEET in book.sheetnames:
        aliases = {str(a).strip(): str(g).strip()
                   for a, g, *_ in book[GROUP_SHEET].iter_rows(min_row=2, values_only=True) if a and g}
    return {"units": units, "group_aliases": aliases}


MAX_NODES = 100_000   # a province's roster is a few thousand nodes; nested aliases reach billions


def _bounded_yaml(path: Path, text: str):
    """`yaml.safe_load`, refusing a document whose aliases would expand it beyond `MAX_NODES`."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded(node, {}) > MAX_NODES:
            raise RosterError(f"{path}：超过 {MAX_NODES} 项（别名 &/* 展开后）：请勿嵌套使用 YAML 别名")
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _expanded(node, sizes: dict) -> int:
    """Nodes counted as often as aliases repeat them; each shared node is counted once, then looked up."""
    if id(node) not in sizes:
        children = node.value if isinstance(node, yaml.SequenceNode) else (
            [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else [])
        sizes[id(node)] = 1 + sum(_expanded(child, sizes) for child in children)
    return sizes[id(node)]


def load_roster(path: Path) -> Roster:
    """A roster from YAML or from an Excel workbook (单位名称、类型、别名、所属分组)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        data = _xlsx_data(path)
    else:
        try:
            data = _bounded_yaml(path, path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as error:
            raise RosterError(f"{path}：无法读取：{unreadable.reason(error)}")
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        raise RosterError(f"{path}：需要 units 单位列表")
    units = [_unit(path, i, entry) for i, entry in enumerate(data["units"])]
    _check_unique(path, units)
    aliases = data.get("group_aliases") or {}
    if not isinstance(aliases, dict):
        raise RosterError(f"{path}：group_aliases 应为「别名: 分组」的对应表")
    return Roster(tuple(units), {str(k): str(v) for k, v in aliases.items()})
