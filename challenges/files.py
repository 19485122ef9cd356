"""Files people send and fetch: uploads checked by their content, not by their name, and
downloads that are never shown inline, so that a file cannot run in our origin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from flask import Response, flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from challenges import spreadsheets, storage
from challenges.errors import Refused

# What each kind of upload may be, by the type found in the content.
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
# Plain-text data sets have no signature; they are accepted when they read as UTF-8 text.
TEXT_TYPES = {"csv": "text/csv", "txt": "text/plain", "json": "application/json",
              "geojson": "application/geo+json"}


class UploadRefused(Refused):
    """The file is refused: empty, too large, or of a type we do not take."""

    def __init__(self, message):
        super().__init__({"file": message})


@dataclass
class CheckedFile:
    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def check_upload(file: FileStorage, max_bytes: int, allowed: dict[str, str] | None = None,
                 allow_text: bool = True) -> CheckedFile:
    allowed = allowed if allowed is not None else {**DOCUMENT_TYPES, **IMAGE_TYPES}
    data = file.read(max_bytes + 1)
    if not data:
        raise UploadRefused(_l("The file is empty."))
    if len(data) > max_bytes:
        megabytes = round(max_bytes / 1024 / 1024)
        raise UploadRefused(_l("The file is larger than %(size)s MB.", size=megabytes))
    name = secure_filename(file.filename or "") or "file"
    extension = PurePath(name).suffix.lower().lstrip(".")
    import filetype  # here, not at start: only an upload needs it

    kind = filetype.guess(data)
    if kind is not None and kind.mime in allowed:
        if extension != allowed[kind.mime] and not (extension == "jpeg" and kind.extension == "jpg"):
            name = f"{PurePath(name).stem}.{allowed[kind.mime]}"
        return CheckedFile(name, kind.mime, data)
    if kind is None and allow_text and extension in TEXT_TYPES and _is_text(data):
        return CheckedFile(name, TEXT_TYPES[extension], data)
    raise UploadRefused(_l("This type of file is not accepted. Use PDF, an office document, "
                         "an image (PNG, JPEG) or a CSV file."))


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def download(body: bytes, mimetype: str, filename: str, private: bool = True) -> Response:
    """Bytes as a download with a safe file name (RFC 6266 filename* for accents)."""
    response = Response(body, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def table_download(extension: str, stem: str, sheets: Sequence[spreadsheets.Sheet],
                   wrap_columns: frozenset[int] = frozenset(), private: bool = True) -> Response:
    """Tables as a download named `stem.extension`: CSV (the first sheet, for Belgian Excel)
    or an XLSX workbook with every sheet. The routes of an export give the extension."""
    if extension == "csv":
        _title, header, body = sheets[0]
        return download(spreadsheets.to_csv(header, body), spreadsheets.CSV_MIMETYPE,
                        f"{stem}.csv", private)
    return download(spreadsheets.to_xlsx(sheets, wrap_columns), spreadsheets.XLSX_MIMETYPE,
                    f"{stem}.xlsx", private)


def stored_file(item, private: bool = True, filename: str | None = None) -> Response:
    """A stored attachment (anything with file_sha256, content_type and filename) as a
    download, under `filename` when it must not show the name it was sent with."""
    return storage.send(item.file_sha256, item.content_type, filename or item.filename,
                        private=private)


def attach_from_form(form, attach, max_bytes: int, allow_text: bool = True) -> None:
    """The upload buttons' shared flow: check the file, hand it to `attach` (an operation
    that may refuse it), and say what happened."""
    from challenges.web import flash_problems

    if not form.validate_on_submit():
        flash(" ".join(str(m) for messages in form.errors.values() for m in messages), "danger")
        return
    try:
        checked = check_upload(form.file.data, max_bytes, allow_text=allow_text)
        attach(checked)
    except UploadRefused as error:
        flash(_("The file was not added: %(reason)s", reason=error.problems["file"]), "danger")
    except Refused as error:
        flash_problems(error)
    else:
        flash(_("%(name)s is attached.", name=checked.filename), "success")
