"""Every response carries a request id, every log line names it, and LOG_FORMAT=json writes
one JSON object per line for log shippers."""

from __future__ import annotations

import io
import json
import logging

from challenges import create_app
from challenges.events import Event
from challenges.extensions import db
from challenges.logs import REQUEST_ID_HEADER


def _our_handler() -> logging.StreamHandler:
    return next(h for h in logging.getLogger("challenges").handlers
                if getattr(h, "_challenges", False))


def test_a_request_id_is_in_the_header_the_log_line_and_the_event(client, make):
    handler = _our_handler()
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        user = make.user(language="en")
        client.login_as(user)
        response = client.post("/account", data={"display_name": "Renamed",
                                                 "participant_kind": "citizen",
                                                 "language": "en"})
    finally:
        handler.setStream(previous)
    request_id = response.headers[REQUEST_ID_HEADER]
    assert len(request_id) >= 8
    line = next(line for line in buffer.getvalue().splitlines() if "profile_updated" in line)
    assert f"[{request_id}]" in line
    # Ids only in the log: the person's name and address stay out.
    assert "Renamed" not in line and user.email not in line
    event = db.session.scalar(db.select(Event).where(Event.action == "profile_updated"))
    assert event.request_id == request_id


def test_a_proxy_id_is_kept_and_a_forged_one_replaced(client):
    kept = client.get("/healthz", headers={REQUEST_ID_HEADER: "proxy-abc-123456"})
    assert kept.headers[REQUEST_ID_HEADER] == "proxy-abc-123456"
    forged = client.get("/healthz", headers={REQUEST_ID_HEADER: "<script> spoofed line"})
    assert forged.headers[REQUEST_ID_HEADER] != "<script> spoofed line"
    assert forged.headers[REQUEST_ID_HEADER].isalnum()


def test_json_log_format_writes_one_object_per_line(database_url):
    logger = logging.getLogger("challenges")
    before = list(logger.handlers)
    try:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "SECRET_KEY": "json-logs", "LOG_FORMAT": "json"})
        buffer = io.StringIO()
        _our_handler().setStream(buffer)
        with app.test_request_context("/"):
            app.preprocess_request()
            logging.getLogger("challenges.events").info("challenge_published challenges:1")
        record = json.loads(buffer.getvalue().strip().splitlines()[-1])
        assert record["message"] == "challenge_published challenges:1"
        assert record["level"] == "INFO" and record["logger"] == "challenges.events"
        assert len(record["request_id"]) >= 8
    finally:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        for handler in before:
            logger.addHandler(handler)
