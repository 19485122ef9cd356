"""Small helpers the demo loaders share: moments on the Brussels clock, audit events dated
when the demo says they happened, and the bytes of the generated PDF and PNG attachments."""

from __future__ import annotations

import struct
import zlib
from datetime import date, datetime, time, timedelta

from challenges import events
from challenges.accounts.models import User
from challenges.challenges.models import Challenge
from challenges.submissions.models import Proposal
from challenges.timezones import BRUSSELS, brussels_to_utc


def brussels_at(today: date, spec: tuple[int, int, int]) -> datetime:
    """(days from today, hour, minute) on the Brussels clock, as UTC."""
    days, hour, minute = spec
    return brussels_to_utc(datetime.combine(today + timedelta(days=days), time(hour, minute)))


def brussels_after(anchor: datetime, spec: tuple[int, int, int], now: datetime) -> datetime:
    """(days after the anchor's date, hour, minute) on the Brussels clock, as UTC, and never
    later than now."""
    return min(brussels_at(anchor.astimezone(BRUSSELS).date(), spec), now)


def audit_event(challenge: Challenge, actor: User, action: str, at: datetime,
                proposal: Proposal | None = None, **details) -> None:
    """A jury event as the operations record it, dated when the demo says it happened."""
    event = events.record(action, proposal if proposal is not None else challenge, actor=actor,
                          challenge=challenge, proposal=proposal, **details)
    event.created_at = at


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF (Helvetica, WinAnsi text), with a correct cross-reference
    table so that every reader opens it."""
    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = ["BT", "/F1 16 Tf", "72 770 Td", f"({text(title)}) Tj", "/F1 11 Tf",
                "0 -30 Td"]
    for line in lines:
        commands += [f"({text(line)}) Tj", "0 -16 Td"]
    commands.append("ET")
    stream = "\n".join(commands).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(pdf)


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid PNG of one colour (8-bit RGB, rows without filter), built by hand."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
