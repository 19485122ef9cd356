"""With an https BASE_URL the app refuses to start on settings meant for a laptop, and says
at start which settings are in force, without secrets."""

import logging

import pytest

from challenges import create_app
from challenges.config import UnsafeSettings


@pytest.fixture
def production(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("CACHE_URL", raising=False)
    return {"BASE_URL": "https://challenges.example.be",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://app:s3cr3t-db@db.internal/app",
            "MAIL_PASSWORD": "s3cr3t-mail"}


def test_refuses_the_generated_secret_key(production):
    with pytest.raises(UnsafeSettings, match="SECRET_KEY is not set"):
        create_app(dict(production, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379"))


def test_refuses_pages_kept_in_each_process(production):
    settings = dict(production, SECRET_KEY="a long and random production key",
                    RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379")
    with pytest.raises(UnsafeSettings, match="CACHE_URL is not set"):
        create_app(settings)
    with pytest.raises(UnsafeSettings, match="CACHE_URL is not set"):
        create_app(dict(settings, CACHE_URL="memory://"))


def test_no_page_cache_at_all_needs_no_redis_for_it(production, limiter_back_in_memory):
    create_app(dict(production, SECRET_KEY="a long and random production key",
                    RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379", CACHE_ENABLED=False))


def test_refuses_a_storage_url_it_cannot_read(monkeypatch):
    monkeypatch.setenv("STORAGE_URL", "s3:/files")
    with pytest.raises(ValueError, match="STORAGE_URL"):
        create_app({"BASE_URL": "http://127.0.0.1:5000"})


def test_refuses_rate_limits_in_memory(production):
    with pytest.raises(UnsafeSettings, match="RATELIMIT_STORAGE_URI is memory://"):
        create_app(dict(production, SECRET_KEY="a long and random production key"))


@pytest.fixture
def limiter_back_in_memory():
    """Flask-Limiter keeps its storage on the one extension object: an app made with Redis
    storage would leave every later test of this process counting in a Redis that is not
    there. Another app, in memory, puts it back."""
    yield
    create_app({"BASE_URL": "http://127.0.0.1:5000", "RATELIMIT_STORAGE_URI": "memory://"})


def test_starts_with_safe_settings_and_logs_them_without_secrets(production, caplog,
                                                                 limiter_back_in_memory):
    with caplog.at_level(logging.INFO, logger="challenges"):
        create_app(dict(production, SECRET_KEY="a long and random production key",
                           RATELIMIT_STORAGE_URI="redis://:redispass@127.0.0.1:6379",
                           CACHE_URL="redis://:redispass@127.0.0.1:6379/1",
                           STORAGE_URL="s3://challenges-files/prod",
                           S3_ENDPOINT_URL="https://s3.example.be"))
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("settings:")]
    assert "BASE_URL=https://challenges.example.be" in line
    assert "db.internal" in line and "RATELIMIT_STORAGE=redis://" in line
    assert "CACHE=redis://" in line and "STORAGE=s3://challenges-files/prod" in line
    for secret in ("s3cr3t-db", "s3cr3t-mail", "redispass", "a long and random"):
        assert secret not in line


def test_plain_http_development_needs_nothing(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app({"BASE_URL": "http://127.0.0.1:5000"})
    assert app.config["SECRET_KEY"]
