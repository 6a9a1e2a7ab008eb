"""Read an XLSX sheet's cells back with the standard library (openpyxl is not a dependency)."""

import re
import zipfile
from xml.etree import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _column_index(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def sheet_rows(path):
    """Every row of the first sheet as a tuple: text as str, numbers as int or float, empty as None."""
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            root = ElementTree.fromstring(z.read("xl/sharedStrings.xml"))  # noqa: S314 (our own file)
            shared = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in root.findall("m:si", NS)]
        root = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))  # noqa: S314 (our own file)
    rows = []
    for row in root.iter(f"{{{NS['m']}}}row"):
        cells = {}
        for c in row.findall("m:c", NS):
            kind = c.get("t")
            if kind == "s":
                value = shared[int(c.find("m:v", NS).text)]
            elif kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))
            elif kind == "str":
                value = c.find("m:v", NS).text
            else:
                v = c.find("m:v", NS)
                value = None if v is None else (float(v.text) if re.search(r"[.eE]", v.text) else int(v.text))
            cells[_column_index(c.get("r"))] = value
        width = max(cells) + 1 if cells else 0
        rows.append(tuple(cells.get(i) for i in range(width)))
    return rows


def sheet_text(path) -> str:
    """All the text of the workbook's parts, for scanning for what must not be there."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(name).decode("utf-8", "replace") for name in z.namelist())
