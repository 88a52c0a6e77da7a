"""Reading an uploaded supplier file into a table of strings (pandas), whatever its format.

CSV: the encoding is found from the byte-order mark (UTF-8, UTF-16) or, without one, by
charset-normalizer on the first 256 KiB (Shift_JIS/CP932 as saved by Japanese Excel, UTF-8,
…); the whole file must then decode with it, or it is refused as mixed or unknown. The
delimiter is the one of comma, tab (Excel's "Unicode text") or semicolon that the header
line uses most.

XLSX: before openpyxl opens it, the zip's declared sizes are checked (total uncompressed
size and the compression ratio of each member), so a zip bomb is refused without inflating
it; zipfile stops at a member's declared size, so a lying header cannot inflate more. The
first sheet is read in read-only mode; merged cells and formulas are refused with where
they are, since their values would be guesses.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

import numpy as np
import pandas as pd
from charset_normalizer import from_bytes

from .models import ENCODING_NAMES
from .problems import FileProblem

XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together
XLSX_MAX_RATIO = 150  # uncompressed / compressed of one member; sheets of real data stay well below
DETECT_BYTES = 256 * 1024

@dataclass
class Table:
    headers: list[str]
    frame: pd.DataFrame  # one str column per header, "" for empty cells
    row_numbers: Any  # numpy array: the line/row of each data row in the file
    encoding: str = ""  # CSV only: the codec used
    notes: list[str] = field(default_factory=list)


def read_head(stream: IO[bytes], file_format: str) -> tuple[list[str], str]:
    """(headers, CSV encoding) from the start of a stored or uploaded file, without reading
    the whole of it into memory: what the upload request needs to choose between importing
    and the column-mapping screen. XLSX: the zip checks (bomb, merged cells) and the first
    non-empty row. The rest (every row, mixed encodings, formulas below the header) is
    checked by the import task, which reads the whole file."""
    stream.seek(0)
    if file_format == "xlsx":
        check_zip(stream)
        stream.seek(0)
        return _xlsx_headers(stream), ""
    sample = stream.read(DETECT_BYTES + 1)
    if len(sample) > DETECT_BYTES and b"\n" in sample[:DETECT_BYTES]:
        sample = sample[: sample[:DETECT_BYTES].rindex(b"\n") + 1]  # whole lines
    if not sample.strip(b"\x00\r\n \t\xef\xbb\xbf\xff\xfe"):
        raise FileProblem("empty")
    encoding = detect_encoding(sample)
    text = sample.decode(encoding, errors="replace").lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, nrows=0, engine="c")
    except pd.errors.EmptyDataError:
        raise FileProblem("empty") from None
    except (pd.errors.ParserError, ValueError) as error:
        found = _LINE.search(str(error))
        raise FileProblem("malformed_csv", line=int(found.group(1)) if found else 0) from None
    return _unique_headers([str(h) for h in frame.columns]), encoding


def _xlsx_headers(stream: IO[bytes]) -> list[str]:
    from openpyxl import load_workbook  # noqa: PLC0415  (loaded for XLSX uploads only)

    try:
        workbook = load_workbook(stream, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise FileProblem("not_xlsx") from None
    try:
        for row in workbook.worksheets[0].iter_rows():
            cells = [c for c in row if getattr(c, "row", None) is not None]
            for cell in cells:
                if cell.data_type == "f":
                    raise FileProblem("formula", row=cell.row, cell=cell.coordinate)
            values = [_cell_text(c.value) for c in cells]
            if any(values):
                return _unique_headers(values)
    finally:
        workbook.close()
    raise FileProblem("empty")


def sniff_format(data: bytes, file_name: str) -> str:
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise FileProblem("not_xlsx")
    return "csv"


def read(data: bytes, file_format: str) -> Table:
    if not data.strip(b"\x00\r\n \t\xef\xbb\xbf\xff\xfe"):
        raise FileProblem("empty")
    return read_xlsx(data) if file_format == "xlsx" else read_csv(data)


# --- CSV -------------------------------------------------------------------------------------

def detect_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf_8_sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf_16"
    try:
        data.decode("utf-8")
        return "utf_8"
    except UnicodeDecodeError:
        pass
    sample = data[:DETECT_BYTES]
    if len(data) > DETECT_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # whole lines: a cut character reads as another encoding
    best = from_bytes(sample).best()
    if best is None:
        raise FileProblem("unknown_encoding")
    encoding = best.encoding
    return "cp932" if encoding in ("shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213") else encoding


def decode(data: bytes) -> tuple[str, str]:
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise FileProblem("mixed_encoding", encoding=ENCODING_NAMES.get(encoding, encoding)) from None


_LINE = re.compile(r"line (\d+)")


def read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, na_filter=False,
            skip_blank_lines=False, engine="c", quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.EmptyDataError:
        raise FileProblem("empty") from None
    except (pd.errors.ParserError, ValueError) as error:
        found = _LINE.search(str(error))
        raise FileProblem("malformed_csv", line=int(found.group(1)) if found else 0) from None
    headers = _unique_headers([str(h) for h in frame.columns])
    frame.columns = pd.Index(headers)
    # Blank lines are kept by pandas (skip_blank_lines=False), so index + 2 is the line in the
    # file; rows with nothing in them (blank lines, trailing commas) are then dropped.
    frame = frame[(frame != "").any(axis=1)]
    return Table(headers, frame.reset_index(drop=True), frame.index.to_numpy() + 2, encoding)


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for position, header in enumerate(headers, start=1):
        name = header.strip()
        if not name or name.startswith("Unnamed:"):
            name = f"#{position}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out


# --- XLSX ------------------------------------------------------------------------------------

def check_zip(data: bytes | IO[bytes]) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except zipfile.BadZipFile:
        raise FileProblem("not_xlsx") from None
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1):
            raise FileProblem("zip_bomb")
    if total > XLSX_MAX_UNCOMPRESSED:
        raise FileProblem("zip_bomb")
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise FileProblem("not_xlsx")
    for name in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
        with archive.open(name) as sheet:
            if _has_merged_cells(sheet):
                raise FileProblem("merged_cells")


def _has_merged_cells(stream: Any) -> bool:
    tail = b""
    while chunk := stream.read(1024 * 1024):
        if b"<mergeCell " in tail + chunk:
            return True
        tail = chunk[-16:]
    return False


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip()


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook  # noqa: PLC0415  (loaded for XLSX uploads only)

    check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise FileProblem("not_xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        headers: list[str] | None = None
        rows: list[list[str]] = []
        numbers: list[int] = []
        for row in sheet.iter_rows():
            cells = [c for c in row if getattr(c, "row", None) is not None]
            for cell in cells:
                if cell.data_type == "f":
                    raise FileProblem("formula", row=cell.row, cell=cell.coordinate)
            values = [_cell_text(c.value) for c in cells]
            if not any(values):
                continue
            if headers is None:
                headers = _unique_headers(values)
                continue
            rows.append(values[: len(headers)] + [""] * (len(headers) - len(values)))
            numbers.append(cells[0].row)
    finally:
        workbook.close()
    if headers is None:
        raise FileProblem("empty")
    frame = pd.DataFrame(rows, columns=headers, dtype=str) if rows else pd.DataFrame(columns=headers, dtype=str)
    return Table(headers, frame, np.array(numbers, dtype=np.int64))
