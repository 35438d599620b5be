"""Every export the app offers (CSV and XLSX) goes through here, so no cell can be a formula (OWASP CSV injection).

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is what a spreadsheet may run as a formula
(or a DDE command); `neutralise` puts an apostrophe before it, as OWASP advises, so it reads as the text it was.
Workbooks get the same rule, and every cell is written as text or a number, never as a formula: openpyxl would
store "=HYPERLINK(…)" typed into a narrative as a live formula. Nothing else in the app writes CSV or XLSX
(a test scans the source for it).
"""

import csv
import datetime
import io
import numbers

from django.http import StreamingHttpResponse

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell's text, with an apostrophe before it if a spreadsheet could read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """Stream rows (iterables of values) as an attachment, every cell neutralised."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a BOM, so Excel opens UTF-8 names correctly
        yield writer.writerow([neutralise(cell) for cell in header])
        for row in rows:
            yield writer.writerow([neutralise(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_value(value):
    # Numbers and dates stay what they are (a negative number is a number, not a formula); the rest is text.
    if isinstance(value, bool) or value is None:
        return neutralise(value)
    if isinstance(value, numbers.Number | datetime.date):
        return value
    return neutralise(value)


def xlsx_append(sheet, values):
    """Add a row to an openpyxl worksheet, every text cell neutralised and stored as text."""
    sheet.append([_xlsx_value(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def xlsx_bytes(book):
    """The workbook as bytes, once it is certain that no cell in it is a formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(_FORMULA_STARTS)):
                    raise ValueError(f"{sheet.title}!{cell.coordinate} would be a formula: use xlsx_append")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
