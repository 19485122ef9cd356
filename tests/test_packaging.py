"""`pip install .` gives an app that works without a checkout beside it: the built package
carries the compiled catalogues, the templates, the static files and the migrations (setup.py).
The wheel is built from a copy of the sources without the catalogues `make` compiles in place."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "challenges", "templates",
           "static", "migrations")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    # Without build isolation: setuptools and Babel come from the locked test dependencies.
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--no-build-isolation", "--wheel-dir", str(dist), str(source)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    [built] = dist.glob("challenges-*.whl")
    return built


def messages(catalog) -> dict:
    """msgid: msgstr for every translated message (plurals as tuples)."""
    def plain(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {plain(m.id): plain(m.string) for m in catalog
            if m.id and m.string and not m.fuzzy}


def test_the_package_carries_compiled_catalogues_templates_static_files_and_migrations(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for language in ("nl", "en"):
            mo = f"challenges/translations/{language}/LC_MESSAGES/messages.mo"
            assert mo in names
            compiled = read_mo(archive.open(mo))
            with (ROOT / mo).with_suffix(".po").open("rb") as fh:
                written = read_po(fh, locale=language)
            assert messages(compiled) == messages(written)
    for name in ("templates/base.html", "templates/emails/verify_email.txt",
                 "static/css/app.css", "migrations/env.py", "migrations/alembic.ini",
                 "migrations/versions/0001_accounts_and_outbox.py"):
        assert f"challenges/{name}" in names


def test_the_installed_package_serves_its_pages_in_dutch(wheel, tmp_path):
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site), "SECRET_KEY": "packaging-test-secret",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'challenges.db'}"}
    flask = [sys.executable, "-m", "flask", "--app", "challenges"]
    upgrade = subprocess.run([*flask, "db", "upgrade"], cwd=tmp_path, env=env,
                             capture_output=True, text=True)
    assert upgrade.returncode == 0, upgrade.stderr[-3000:]
    home = subprocess.run([sys.executable, "-c", """if True:
        import challenges
        assert challenges.INSTALLED, challenges.__file__
        response = challenges.create_app().test_client().get("/")
        print(response.status_code)
        print(response.get_data(as_text=True))
        """], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert home.returncode == 0, home.stderr[-3000:]
    status, page = home.stdout.split("\n", 1)
    assert status == "200"
    assert '<html lang="nl">' in page
    assert "Los echte problemen op met je gemeente" in page
    assert "Solve real problems" not in page
