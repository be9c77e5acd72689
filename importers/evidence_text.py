"""The text of evidence, piece by piece with where each piece is: Word, Excel, PDF, text, CSV and web pages.

The kind is told by content, not the file name (a liaison's 公示.pdf may be a
photo). Images are not read: their check says so. Each passage names its place
as a person looks for it: 第2页第5行, 表格1第3行第2列, 工作表「名单」B3, 第7行.
"""
import csv
import io
import re
import zipfile
from html.parser import HTMLParser

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from workflows.evidence_check import CHECKED, IMAGE, KIND, NOT_CHECKED, UNREADABLE, EvidenceCheck
from workflows.personal_data import Passage, find_personal_data

MAX_BYTES = 20 * 1024 * 1024
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")
_IMAGE_NAMES = re.compile(r"\.(png|jpe?g|gif|bmp|tiff?|webp|heic)$", re.IGNORECASE)


class Unreadable(Exception):
    """A file that claims a kind and cannot be read as it (damaged, encrypted)."""


def _lines(where: str, text: str) -> list[Passage]:
    return [Passage(where.format(n=n), line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


_UTF16 = (b"\xff\xfe", b"\xfe\xff")     # Excel's 「Unicode 文本」 and Notepad's 「Unicode」 save UTF-16 with a BOM


def decoded(data: bytes) -> str:
    if data.startswith(_UTF16):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):     # Chinese Windows saves text and CSV as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("encoding")


def _docx(data: bytes) -> list[Passage]:
    document = Document(io.BytesIO(data))
    passages = [Passage(f"第{n}段", p.text) for n, p in enumerate(document.paragraphs, 1) if p.text.strip()]
    for t, table in enumerate(document.tables, 1):
        for r, row in enumerate(table.rows, 1):
            seen = set()      # a merged cell repeats in each column it covers: read it once
            for c, cell in enumerate(row.cells, 1):
                if id(cell._tc) not in seen and cell.text.strip():
                    passages.append(Passage(f"表格{t}第{r}行第{c}列", cell.text))
                seen.add(id(cell._tc))
    return passages


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx(data: bytes) -> list[Passage]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return [Passage(f"工作表「{sheet.title}」{cell.coordinate}", _cell_text(cell.value))
            for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value is not None and hasattr(cell, "coordinate")]


def _pdf(data: bytes) -> list[Passage]:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise Unreadable("encrypted")
    # some writers' CJK fonts map each glyph to UTF-16 that pypdf reads as NUL + character: the NULs go
    return [p for n, page in enumerate(reader.pages, 1)
            for p in _lines(f"第{n}页第{{n}}行", (page.extract_text() or "").replace("\x00", ""))]


def _csv(data: bytes) -> list[Passage]:
    rows = csv.reader(io.StringIO(decoded(data)))
    return [Passage(f"第{r}行第{c}列", cell) for r, row in enumerate(rows, 1) for c, cell in enumerate(row, 1)
            if cell.strip()]


def _office(data: bytes) -> list[Passage]:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    if "word/document.xml" in names:
        return _docx(data)
    if "xl/workbook.xml" in names:
        return _xlsx(data)
    raise Unreadable("kind")


def is_image(name: str, data: bytes) -> bool:
    return data.startswith(_IMAGES) or bool(_IMAGE_NAMES.search(name))


def file_passages(name: str, data: bytes) -> list[Passage]:
    """The file's text, passage by passage; Unreadable when it cannot be read as what it is."""
    try:
        if data.startswith(b"%PDF"):
            return _pdf(data)
        if data.startswith(b"PK"):
            return _office(data)
        if name.lower().endswith(".csv"):
            return _csv(data)
        return _lines("第{n}行", decoded(data))
    except Unreadable:
        raise
    except Exception as error:   # pypdf, python-docx and openpyxl raise many kinds for a damaged file
        raise Unreadable(error.__class__.__name__)


def _other_kind(data: bytes) -> bool:
    """An old .doc/.xls, or another binary kind: text has no NUL early on, unless it is UTF-16."""
    return data.startswith(b"\xd0\xcf\x11\xe0") or (b"\x00" in data[:1024]
                                                    and not data.startswith((b"%PDF", b"PK", *_UTF16)))


def check_file(name: str, data: bytes) -> EvidenceCheck:
    """An evidence file checked for personal data; an image, another kind or a damaged file is not checked."""
    if is_image(name, data):
        return EvidenceCheck(name, NOT_CHECKED, IMAGE)
    if _other_kind(data):
        return EvidenceCheck(name, NOT_CHECKED, KIND)
    try:
        passages = file_passages(name, data[:MAX_BYTES])
    except Unreadable as error:
        return EvidenceCheck(name, NOT_CHECKED, UNREADABLE, str(error))
    return EvidenceCheck(name, CHECKED, findings=tuple(find_personal_data(passages)), capped=len(data) > MAX_BYTES)


class _PageText(HTMLParser):
    """A web page's title and visible text, line by line (block elements end a line)."""
    BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.text, self._skip, self._in_title = "", [], 0, False

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style", "noscript")
        self._in_title = self._in_title or tag == "title"
        if tag in self.BLOCKS or tag in ("td", "th"):
            self.text.append("\n" if tag in self.BLOCKS else " ")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style", "noscript") and self._skip > 0
        self._in_title = self._in_title and tag != "title"
        if tag in self.BLOCKS:
            self.text.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.text.append(data)


def page_text(html: str) -> tuple[str, list[Passage]]:
    """(the page's title, its visible text as lines: 第3行 is the third line a reader sees, blank ones not counted)."""
    parser = _PageText()
    parser.feed(html)
    parser.close()
    shown = "\n".join(" ".join(line.split()) for line in "".join(parser.text).splitlines() if line.strip())
    return " ".join(parser.title.split()), _lines("第{n}行", shown)
