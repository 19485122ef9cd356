"""Logging: one request id per request, on every log line and in the X-Request-ID header;
plain text for people, or one JSON object per line (LOG_FORMAT=json) for log shippers."""

from __future__ import annotations

import logging
import re
import sys
import uuid

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler

REQUEST_ID_HEADER = "X-Request-ID"
# A reverse proxy may hand us its id; anything else is replaced, so a log line cannot be
# forged or broken by a header.
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def _install_record_factory() -> None:
    """Every log record, ours or a library's, carries the request id (or "-")."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "_adds_request_id", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return record

    factory._adds_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def _formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        from pythonjsonlogger.json import JsonFormatter

        return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
                             rename_fields={"levelname": "level", "asctime": "time",
                                            "name": "logger"})
    return logging.Formatter(TEXT_FORMAT)


def request_id_from(given: str) -> str:
    """The proxy's request id when it is a sane one, else a new one."""
    return given if _ACCEPTED_ID.match(given) else uuid.uuid4().hex


def configure(app: Flask) -> None:
    """Attach one handler to the package's logger (and Flask's), once per process."""
    _install_record_factory()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_formatter(app.config.get("LOG_FORMAT", "text")))
    level = app.config.get("LOG_LEVEL", "INFO")
    handler._challenges = True  # type: ignore[attr-defined]
    # The package's logger is also Flask's app.logger ("challenges"): ours replaces Flask's
    # default handler, so that every line has the same shape.
    for logger in {logging.getLogger("challenges"), app.logger}:
        for old in [h for h in logger.handlers
                    if getattr(h, "_challenges", False) or h is default_handler]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(level)

    @app.before_request
    def _request_id() -> None:
        g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER, ""))

    @app.after_request
    def _request_id_header(response):
        if "request_id" in g:
            response.headers[REQUEST_ID_HEADER] = g.request_id
        return response
