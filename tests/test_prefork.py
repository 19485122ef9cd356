"""gunicorn.conf.py's hook before the workers are forked (challenges.prefork)."""

import gc
import runpy
from pathlib import Path

from flask_babel import get_translations

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


class _Server:
    """What the hook reads of gunicorn's arbiter: the loaded application."""

    def __init__(self, app):
        self.app = self
        self._wsgi = app

    def wsgi(self):
        return self._wsgi


def test_the_master_warms_up_and_freezes_before_forking(app):
    settings = runpy.run_path(str(GUNICORN_CONF))
    assert settings["preload_app"] is True
    try:
        settings["when_ready"](_Server(app))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    # Each language's catalogue was read through the app's own path, so it is kept.
    for language in app.config["LANGUAGES"]:
        with app.test_request_context(headers={"Accept-Language": language}):
            assert get_translations().gettext("Proposals") in {"Proposals", "Voorstellen"}


def test_an_app_wrapped_by_middleware_is_still_frozen(app):
    settings = runpy.run_path(str(GUNICORN_CONF))
    try:
        settings["when_ready"](_Server(lambda *_: []))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
