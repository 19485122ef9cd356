"""The whole API blueprint: the routes of views.py and those of the modules that add theirs
to it. The app factory registers this one; views.py never imports the modules above it."""

from challenges.api import (  # noqa: F401  (each adds its routes to bp)
    catalog,
    events,
    lessons,
    statistics,
    templates,
)
from challenges.api.views import bp

__all__ = ["bp"]
