"""Spreadsheet files in and out, through tablib (CSV and XLSX): UTF-8 with a BOM so Excel opens the CSV as
UTF-8, and rows numbered as the spreadsheet numbers them (the header is row 1)."""

import datetime
from dataclasses import dataclass
from pathlib import Path

import tablib
from django.http import HttpResponse

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FIRST_DATA_ROW = 2
"""The header is row 1, as a spreadsheet numbers it."""


class UnreadableFile(ValueError):
    """A file that is not a CSV or XLSX table: the message is for the person who sent it."""


@dataclass
class Row:
    number: int
    """As the spreadsheet numbers it."""
    values: dict


def dataset(headers, rows, title):
    data = tablib.Dataset(headers=list(headers), title=title)
    for row in rows:
        data.append([_cell(row.get(header, "")) for header in headers])
    return data


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def export(data, fmt):
    """The bytes of a dataset as a file: CSV in UTF-8 with a BOM, or XLSX."""
    if fmt == "csv":
        return "\ufeff".encode() + data.export("csv").encode("utf-8")
    if fmt == "xlsx":
        return data.export("xlsx")
    raise ValueError(fmt)


def response(data, fmt, filename):
    """A download anyone may fetch: the licence in a Link header as well as on the open-data page."""
    answer = HttpResponse(export(data, fmt), content_type=FORMATS[fmt])
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    answer["Link"] = f'<{LICENCE_URL}>; rel="license"'
    answer["Access-Control-Allow-Origin"] = "*"
    return answer


def read(source, name=None):
    """The rows of a CSV or XLSX file (a path, or bytes with the file's name), as strings keyed by header."""
    if isinstance(source, (str, Path)):
        name = str(source)
        content = Path(source).read_bytes()
    else:
        content = source
    suffix = Path(name or "").suffix.lower()
    try:
        if suffix == ".xlsx":
            data = tablib.Dataset().load(content, format="xlsx")
        elif suffix == ".csv":
            data = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
        else:
            raise UnreadableFile("ファイルは .csv か .xlsx にしてください。")
    except UnicodeDecodeError as error:
        raise UnreadableFile("CSV ファイルが UTF-8 ではありません。") from error
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl and csv raise many kinds for a damaged file
        raise UnreadableFile("ファイルを表として読めませんでした。") from error
    headers = [str(h or "").strip() for h in (data.headers or [])]
    rows = []
    for offset, values in enumerate(data):
        cells = {header: _text(value) for header, value in zip(headers, values, strict=False) if header}
        if any(cells.values()):
            rows.append(Row(offset + FIRST_DATA_ROW, cells))
    return headers, rows


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
