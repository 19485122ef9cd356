"""Extensions are created unbound here and bound to an app in create_app."""

from typing import TYPE_CHECKING, TypeVar

from flask import request
from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from challenges.db import Base

T = TypeVar("T")

db = SQLAlchemy(model_class=Base)
# The base class of every model. Flask-SQLAlchemy makes db.Model at run time, which a type
# checker cannot follow; to it the declarative base is the same thing.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()
babel = Babel()
bootstrap = Bootstrap5()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def reload(model: type[T], ident: int) -> T:
    """An object read again after a rollback: it was there a moment ago, so it still is."""
    obj = db.session.get(model, ident)
    if obj is None:
        raise LookupError(f"{model.__name__} {ident} disappeared")
    return obj


def client_ip() -> str:
    return request.remote_addr or "unknown"
