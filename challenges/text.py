"""Rich text: Markdown rendered, then cleaned, so that no user HTML reaches a page.

A model whose texts are shown often (a challenge, an answer) keeps them rendered: `StoresMarkdown`
renders and cleans a text when it is saved (before every flush that changed it) and keeps the
HTML beside the source with a digest of that source, so a page reads HTML instead of rendering
15 texts on every view. A stored HTML is used only while its digest matches the source and its
RENDERER_VERSION the code's, so a text changed another way (SQL, an old row) is rendered when
read, never shown stale. After changing the rules below, raise RENDERER_VERSION and run
`flask --app challenges texts render` to store every text again.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any, ClassVar

from markupsafe import Markup
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
# Raise after changing how Markdown is rendered or cleaned, then run `flask texts render`.
RENDERER_VERSION = 1


@lru_cache(maxsize=512)
def _render(text: str) -> str:
    # Imported here: pages read stored HTML, so most workers never render (several MB saved).
    import markdown
    import nh3

    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    # Headings inside user text start at h2: a page has one h1, its own title.
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}", f"<h{level + 1}").replace(f"</h{level}>",
                                                                   f"</h{level + 1}>")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener nofollow ugc")


def render_markdown(text: str | None) -> Markup:
    """Markdown to clean HTML (the same text twice is rendered once per process)."""
    if not text:
        return Markup("")
    return Markup(_render(text))


def digest(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


class StoresMarkdown:
    """Mixin: `markdown_fields` are kept rendered in the model's `rendered_markdown` (JSON:
    {"v": RENDERER_VERSION, field: [digest of the source, html]})."""

    markdown_fields: ClassVar[tuple[str, ...]] = ()
    rendered_markdown: Any

    def html(self, field: str) -> Markup:
        source = getattr(self, field) or ""
        if not source:
            return Markup("")
        stored = self.rendered_markdown or {}
        entry = stored.get(field)
        if stored.get("v") == RENDERER_VERSION and entry and entry[0] == digest(source):
            return Markup(entry[1])
        return render_markdown(source)

    def store_rendered(self, everything: bool = False) -> bool:
        """Render what changed (or every text); whether anything was stored."""
        stored = dict(self.rendered_markdown or {})
        if stored.get("v") != RENDERER_VERSION:
            stored, everything = {"v": RENDERER_VERSION}, True
        changed = False
        for field in self.markdown_fields:
            source = getattr(self, field) or ""
            entry = stored.get(field)
            if not source:
                changed = changed or entry is not None
                stored.pop(field, None)
            elif everything or not entry or entry[0] != digest(source):
                stored[field] = [digest(source), str(render_markdown(source))]
                changed = True
        if changed or self.rendered_markdown != stored:
            self.rendered_markdown = stored
            return True
        return False


@event.listens_for(Session, "before_flush")
def _render_before_saving(session: Session, _context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, StoresMarkdown) and (obj in session.new or _texts_changed(obj)):
            obj.store_rendered()


def _texts_changed(obj: StoresMarkdown) -> bool:
    state = inspect(obj)
    return any(state.attrs[field].history.has_changes() for field in obj.markdown_fields)


def render_all_stored(batch: int = 200) -> dict[str, int]:
    """Every row of every model with stored texts rendered again, committed in batches."""
    from sqlalchemy import select

    from challenges.extensions import Model, db

    counts = {}
    for mapper in sorted(Model.registry.mappers, key=lambda m: m.class_.__name__):
        model = mapper.class_
        if not issubclass(model, StoresMarkdown):
            continue
        ids = list(db.session.scalars(select(mapper.primary_key[0])))
        for start in range(0, len(ids), batch):
            rows = db.session.scalars(select(model).where(
                mapper.primary_key[0].in_(ids[start:start + batch])))
            for row in rows:
                row.store_rendered(everything=True)
            db.session.commit()
        counts[str(getattr(model, "__tablename__", model.__name__))] = len(ids)
    return counts
