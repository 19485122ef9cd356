"""A real SMTP server (aiosmtpd) for tests: it accepts mail and keeps it in memory."""

from __future__ import annotations

import email
import threading
from email.message import Message
from email.policy import default

from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self, capture: SMTPCapture):
        self.capture = capture

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default)
        with self.capture.lock:
            self.capture.messages.append(message)
            self.capture.raw.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class SMTPCapture:
    def __init__(self, port: int):
        self.port = port
        self.messages: list[Message] = []
        self.raw: list[bytes] = []  # as received, to check the encoding
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    def start(self) -> None:
        if self._controller is None:
            self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
            self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
            self.raw.clear()

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address.lower() in m["To"].lower()]

    @staticmethod
    def text(message: Message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message: Message) -> str:
        return message.get_body(preferencelist=("html",)).get_content()

    def link(self, message: Message, contains: str) -> str:
        for word in self.text(message).split():
            if word.startswith("http") and contains in word:
                return word
        raise AssertionError(f"no link with {contains!r} in:\n{self.text(message)}")
