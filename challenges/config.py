"""Settings come from the environment; every one has a safe default for a developer laptop."""

from __future__ import annotations

import os
import secrets
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# The Belgian law of 17 June 2016 (in force on 30 June 2017): a low-value contract is one
# estimated below EUR 30,000 excluding VAT.
DEFAULT_THRESHOLDS = "2017-06-30=30000"


def parse_thresholds(text: str) -> list[tuple[date, Decimal]]:
    """`2017-06-30=30000,2027-01-01=40000`: from which day which amount applies."""
    rows = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        day, _sep, amount = part.partition("=")
        try:
            rows.append((date.fromisoformat(day.strip()), Decimal(amount.strip())))
        except (ValueError, InvalidOperation) as error:
            raise ValueError(f"LOW_VALUE_THRESHOLDS: {part!r} is not DAY=AMOUNT") from error
    if not rows:
        raise ValueError("LOW_VALUE_THRESHOLDS names no threshold")
    return sorted(rows)


def _storage_url(value: str | None) -> str:
    """STORAGE_URL checked at start: a typo must stop the app, not lose uploads."""
    from challenges.storage import parse_storage_url

    parse_storage_url(value)
    return (value or "").strip() or "database"


def load_secret_key(instance_path: str) -> str:
    """Use SECRET_KEY from the environment, else one generated once and kept in the instance
    folder, so sessions survive restarts without a key ever being written in the code."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Create with owner-only permissions: the key signs sessions and emailed links.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


class UnsafeSettings(RuntimeError):
    """Production settings that must not be used: the app refuses to start."""


def generated_secret_key(instance_path: str) -> str | None:
    path = Path(instance_path) / "secret_key"
    return path.read_text().strip() if path.exists() else None


def refuse_unsafe_production(config, generated_key: str | None) -> None:
    """With a public https address, a key generated on this host (each server would have
    its own, and anyone with the folder can sign sessions) or rate-limit counters in one
    process's memory (each worker counts on its own) are mistakes: stop, and say why."""
    if not str(config.get("BASE_URL", "")).startswith("https://"):
        return
    problems = []
    if not config.get("SECRET_KEY") or config["SECRET_KEY"] == generated_key:
        problems.append("SECRET_KEY is not set (the key generated in the instance folder is "
                        "for development only): set SECRET_KEY in the environment")
    if str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory://"):
        problems.append("RATELIMIT_STORAGE_URI is memory://: set it to redis://host:6379 so "
                        "that every process shares the counters")
    # Pages kept in each process would go on showing what another server just changed.
    if config.get("CACHE_ENABLED", True) and not str(config.get("CACHE_URL") or "").startswith(
            ("redis://", "rediss://", "unix://")):
        problems.append("CACHE_URL is not set: set it to redis://host:6379/1 so that every "
                        "process shares the kept pages (or CACHE_ENABLED=0)")
    if problems:
        raise UnsafeSettings(f"Refusing to start with BASE_URL={config['BASE_URL']}: "
                             + "; ".join(problems) + ".")


# What the start-up log line shows: never a secret, a password or a database password.
LOGGED_SETTINGS = ("BASE_URL", "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL",
                   "MAIL_TIMEOUT", "RATELIMIT_ENABLED", "TRUST_PROXY", "OUTBOX_MAX_ATTEMPTS",
                   "OUTBOX_RETENTION_DAYS", "STAFF_IDLE_MINUTES", "LOGIN_RATE_LIMIT_IP",
                   "LOGIN_RATE_LIMIT_PAIR", "LOGIN_RATE_LIMIT_ACCOUNT", "LOG_FORMAT",
                   "LOG_LEVEL", "SESSION_COOKIE_SECURE")


def effective_settings(config, generated_key: str | None) -> dict:
    """The settings in force, for the start-up log: secrets are only said to be set."""
    from sqlalchemy.engine import make_url

    shown = {key: config.get(key) for key in LOGGED_SETTINGS}
    try:
        shown["DATABASE"] = make_url(config["SQLALCHEMY_DATABASE_URI"]).render_as_string(
            hide_password=True)
    except Exception:  # an unreadable URL is reported by the database itself
        shown["DATABASE"] = "?"
    storage = str(config.get("RATELIMIT_STORAGE_URI", ""))
    shown["RATELIMIT_STORAGE"] = storage.split("://", 1)[0] + "://"
    shown["CACHE"] = (str(config.get("CACHE_URL")).split("://", 1)[0] + "://"
                      if config.get("CACHE_URL") else "in each process")
    # The bucket and prefix are no secret; the credentials are never in the config.
    shown["STORAGE"] = config.get("STORAGE_URL") or "database"
    shown["S3_ENDPOINT_URL"] = config.get("S3_ENDPOINT_URL") or "-"
    shown["SECRET_KEY"] = ("generated in the instance folder"
                           if config.get("SECRET_KEY") == generated_key else "set")
    shown["MAIL_PASSWORD"] = "set" if config.get("MAIL_PASSWORD") else "not set"
    return shown


def from_environment(instance_path: str) -> dict:
    env = os.environ.get
    database_url = env("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'challenges.db'}"
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg 3 spelled out.
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    base_url = env("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    return {
        "SECRET_KEY": load_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BASE_URL": base_url,
        "MAIL_SERVER": env("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(env("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool(env("MAIL_USE_TLS")),
        "MAIL_USE_SSL": _bool(env("MAIL_USE_SSL")),
        "MAIL_USERNAME": env("MAIL_USERNAME"),
        "MAIL_PASSWORD": env("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": env("MAIL_DEFAULT_SENDER", "Challenges <no-reply@challenges.local>"),
        "MAIL_TIMEOUT": int(env("MAIL_TIMEOUT", "10")),
        "RATELIMIT_STORAGE_URI": env("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool(env("RATELIMIT_ENABLED"), True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT_IP": env("LOGIN_RATE_LIMIT_IP", "20 per 10 minutes"),
        "LOGIN_RATE_LIMIT_PAIR": env("LOGIN_RATE_LIMIT_PAIR", "5 per 10 minutes"),
        "LOGIN_RATE_LIMIT_ACCOUNT": env("LOGIN_RATE_LIMIT_ACCOUNT", "30 per hour"),
        "LOGIN_RATE_LIMIT_DEVICE": env("LOGIN_RATE_LIMIT_DEVICE", "10 per 10 minutes"),
        "EMAIL_RATE_LIMIT_IP": env("EMAIL_RATE_LIMIT_IP", "10 per hour"),
        "EMAIL_RATE_LIMIT_ADDRESS": env("EMAIL_RATE_LIMIT_ADDRESS", "3 per hour"),
        "INVITATION_RATE_LIMIT": env("INVITATION_RATE_LIMIT", "50 per day"),
        "STAFF_IDLE_MINUTES": int(env("STAFF_IDLE_MINUTES", "60")),
        "KNOWN_DEVICE_DAYS": int(env("KNOWN_DEVICE_DAYS", "180")),
        # Secure cookies only when the public URL is HTTPS, so local http development works.
        "SESSION_COOKIE_SECURE": base_url.startswith("https://"),
        "REMEMBER_COOKIE_SECURE": base_url.startswith("https://"),
        "PREFERRED_URL_SCHEME": "https" if base_url.startswith("https://") else "http",
        "TRUST_PROXY": _bool(env("TRUST_PROXY")),
        "OUTBOX_MAX_ATTEMPTS": int(env("OUTBOX_MAX_ATTEMPTS", "6")),
        "OUTBOX_RETENTION_DAYS": int(env("OUTBOX_RETENTION_DAYS", "90")),
        "QUESTION_RATE_LIMIT": env("QUESTION_RATE_LIMIT", "20 per hour"),
        # The open data catalogue (/api/v1/catalog.jsonld): who publishes, under which licence.
        "OPEN_DATA_PUBLISHER": env("OPEN_DATA_PUBLISHER", "Challenges platform"),
        "OPEN_DATA_LICENSE": env("OPEN_DATA_LICENSE",
                                 "https://creativecommons.org/licenses/by/4.0/"),
        # Anonymous public pages and API answers (challenges.cache): kept in each process
        # unless CACHE_URL names a Redis shared by every app server.
        "CACHE_ENABLED": _bool(env("CACHE_ENABLED"), True),
        "CACHE_URL": env("CACHE_URL", ""),
        "CACHE_TTL": int(env("CACHE_TTL", "60")),
        # Where uploaded files are kept (challenges/storage.py): "database", or
        # s3://bucket/prefix with an S3-compatible endpoint; credentials are boto3's own
        # AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an instance role).
        "STORAGE_URL": _storage_url(env("STORAGE_URL")),
        "S3_ENDPOINT_URL": env("S3_ENDPOINT_URL", ""),
        "S3_REGION": env("S3_REGION") or env("AWS_DEFAULT_REGION") or "",
        # "text" for people, "json" (one object per line) for log shippers.
        "LOG_FORMAT": "json" if (env("LOG_FORMAT") or "").strip().lower() == "json" else "text",
        "LOG_LEVEL": (env("LOG_LEVEL") or "INFO").strip().upper(),
        # From which day which amount (EUR, excluding VAT) bounds a low-value contract.
        "LOW_VALUE_THRESHOLDS": parse_thresholds(env("LOW_VALUE_THRESHOLDS")
                                                 or DEFAULT_THRESHOLDS),
        "MILESTONE_REMINDER_DAYS": int(env("MILESTONE_REMINDER_DAYS", "7")),
    }


DEFAULTS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": 4 * 3600,
    # Also the longest any sign-in lasts on the server (challenges/accounts/sessions.py).
    "REMEMBER_COOKIE_DURATION": timedelta(days=30),
    "BABEL_DEFAULT_LOCALE": "nl",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Brussels",
    "LANGUAGES": ("nl", "en"),
    "BOOTSTRAP_SERVE_LOCAL": True,
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "EMAIL_TOKEN_MAX_AGE": 2 * 24 * 3600,
    "RESET_TOKEN_MAX_AGE": 3600,
    "PAGE_SIZE": 20,
    "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
}
