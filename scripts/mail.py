"""Read the app's emails locally: `make mail`.

Runs a local SMTP server (aiosmtpd) that prints every message it receives, and the outbox
worker sending to it, in one process, so that nothing else needs to be set up. The app itself
needs no mail settings for this: the web process only queues emails in the database.

    python scripts/mail.py [--port 1025] [--interval 2] [--once]

`--once` sends what is due, prints it and stops (for a test or a quick look).
"""

from __future__ import annotations

import argparse
import email
import os
import sys
import time
from email.policy import default


class PrintingHandler:
    """Prints each message as it arrives: who it is for, its subject and its plain text."""

    async def handle_DATA(self, _server, _session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default)
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        print(f"\n{'=' * 72}\nTo: {message['To']}\nSubject: {message['Subject']}\n"
              f"{'-' * 72}\n{text.rstrip()}\n", flush=True)
        return "250 Message accepted for delivery"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--once", action="store_true")
    options = parser.parse_args()

    from aiosmtpd.controller import Controller

    controller = Controller(PrintingHandler(), hostname="127.0.0.1", port=options.port)
    controller.start()
    # The worker sends to the server above, whatever the environment says about mail.
    os.environ.update({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(options.port),
                       "MAIL_USE_TLS": "", "MAIL_USE_SSL": "", "MAIL_USERNAME": "",
                       "MAIL_PASSWORD": ""})
    from challenges import create_app
    from challenges.notifications.operations import send_due

    app = create_app()
    print(f"Printing the emails of {app.config['SQLALCHEMY_DATABASE_URI']} as they are "
          f"sent (SMTP on 127.0.0.1:{options.port}). Stop with Ctrl+C.", flush=True)
    try:
        with app.app_context():
            while True:
                sent, failed = send_due()
                if sent or failed:
                    print(f"sent {sent}, failed {failed}", flush=True)
                if options.once:
                    return 0
                time.sleep(options.interval)
    except KeyboardInterrupt:
        return 0
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
