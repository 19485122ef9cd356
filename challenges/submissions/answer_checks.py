"""The checks of a form question's answer, on the server: a long text's word limit, numbers
(Belgian or plain notation, bounds), the choices offered, web addresses and files (type by
content, size). Each is a WTForms validator; submissions.answers builds the fields with them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation, ValidationError

from challenges.challenges.stages import FormQuestion
from challenges.files import DOCUMENT_TYPES, IMAGE_TYPES, UploadRefused, check_upload
from challenges.numbers import parse_number, plain_number

NUMBER_LIMIT = Decimal("1e15")
FILE_TYPES = {**DOCUMENT_TYPES, **IMAGE_TYPES}


def word_count(text: str) -> int:
    return len((text or "").split())


class WordLimit:
    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, _form, field):
        count = word_count(field.data or "")
        if count > self.limit:
            raise ValidationError(_l("Use at most %(n)d words; this answer has %(count)d.",
                                     n=self.limit, count=count))


class NumberAnswer:
    def __init__(self, minimum, maximum):
        self.minimum = None if minimum is None else Decimal(str(minimum))
        self.maximum = None if maximum is None else Decimal(str(maximum))

    def __call__(self, _form, field):
        if not (field.data or "").strip():
            return
        try:
            value = parse_number(field.data)
        except (InvalidOperation, ValueError) as error:
            raise StopValidation(_l("Enter a number, like 2500 or 2500,50.")) from error
        if abs(value) >= NUMBER_LIMIT:
            raise StopValidation(_l("This number is too large."))
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(_l("Enter at least %(n)s.", n=plain_number(self.minimum)))
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(_l("Enter at most %(n)s.", n=plain_number(self.maximum)))


class OneOf:
    """Only values offered: a choice not in the list (a forged form) is refused."""

    def __init__(self, keys: list[str]):
        self.keys = set(keys)

    def __call__(self, _form, field):
        values = field.data if isinstance(field.data, list) else [field.data]
        if any(v not in self.keys for v in values if v not in (None, "", "None")):
            raise StopValidation(_l("Choose from the options given."))


def web_address(_form, field):
    text = (field.data or "").strip()
    if not text:
        return
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise StopValidation(_l("Enter a web address starting with https:// or http://."))


class FileAnswer:
    """Checks the file by its content and size; what passes waits in `field.checked`."""

    def __init__(self, allowed: dict[str, str], max_bytes: int):
        self.allowed, self.max_bytes = allowed, max_bytes

    def __call__(self, _form, field):
        field.checked = None
        upload = field.data
        if upload is None or not getattr(upload, "filename", None):
            return
        try:
            field.checked = check_upload(upload, self.max_bytes, self.allowed,
                                         allow_text=False)
        except UploadRefused as error:
            kinds = ", ".join(sorted({ext.upper() for ext in self.allowed.values()}))
            raise StopValidation(f"{error.problems['file']} ({kinds})") from error


def allowed_types(question: FormQuestion) -> dict[str, str]:
    wanted = set((question.settings or {}).get("file_types") or [])
    chosen = {mime: ext for mime, ext in FILE_TYPES.items() if ext in wanted}
    return chosen or dict(FILE_TYPES)


def max_file_bytes(question: FormQuestion, platform_mb: int) -> int:
    megabytes = (question.settings or {}).get("max_mb") or platform_mb
    return int(min(megabytes, platform_mb)) * 1024 * 1024
