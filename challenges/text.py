"""Rich text: Markdown rendered, then cleaned, so that no user HTML reaches a page."""

from __future__ import annotations

import markdown as _markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    html = _markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    # Headings inside user text start at h2: a page has one h1, its own title.
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}", f"<h{level + 1}").replace(f"</h{level}>",
                                                                   f"</h{level + 1}>")
    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        url_schemes={"http", "https", "mailto"}, link_rel="noopener nofollow ugc")
    return Markup(cleaned)
