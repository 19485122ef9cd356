"""Database conventions shared by every model."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Named constraints so that Alembic migrations can drop and alter them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry their translated label beside their value:
    `DRAFT = "draft", _l("Draft")`. The value alone is what is stored and compared."""

    _label: Any  # a lazy string: translated in the language of the request that reads it

    def __new__(cls, value: str, label: Any = None) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        return str(self._label)

    @classmethod
    def labels(cls) -> dict[Any, Any]:
        """Each member with its lazy label, in the order of the class (for a form's choices)."""
        return {member: member._label for member in cls}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """Stores UTC and always hands back an aware UTC datetime.

    SQLite has no time zones, so a naive value there is read as UTC; a naive value written
    by our code is a bug and is refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, _dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Kept by PostgreSQL itself, not by the models: the stored full-text columns of the searched
# tables and their GIN indexes (migration 10b1). The comparison of models and database (the
# tests, `flask db migrate`) leaves them be.
DATABASE_ONLY = frozenset({"search_vector", "ix_challenges_search_vector",
                           "ix_lessons_records_search_vector"})


def include_object(_obj, name, _type, reflected: bool, compare_to) -> bool:
    return not (reflected and compare_to is None and name in DATABASE_ONLY)


def utcnow() -> datetime:
    return datetime.now(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _connection_record):
    # SQLite ignores foreign keys unless asked on every connection.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def str_enum(cls, name: str, length: int = 32) -> Enum:
    """A Python enum stored as its string values, with no database-specific enum type, so
    that adding a value needs no ALTER TYPE on PostgreSQL."""
    return Enum(cls, name=name, values_callable=lambda e: [m.value for m in e],
                native_enum=False, length=length, validate_strings=True)
