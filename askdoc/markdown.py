"""Markdown to safe HTML, for doctors' answers and newsletter campaigns.

markdown-it-py parses with raw HTML turned off; nh3 (the Rust ammonia sanitizer) then
keeps only an allowlist of tags and URL schemes, so `<script>`, `javascript:` links,
event handlers and iframes can never reach a reader.
"""

from html import unescape

import nh3
from django.utils.html import strip_tags
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable("table")
_parser.enable("strikethrough")

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text):
    """Render Markdown to sanitized HTML. `# Heading` becomes h2 so the page keeps one h1."""
    html = _parser.render(text or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener noreferrer",
    )


def plain_text(html):
    """The readable text of sanitized HTML on one line (for excerpts in lists): tags dropped,
    entities decoded, whitespace collapsed. Escape it again wherever it is shown."""
    return " ".join(unescape(strip_tags(html or "")).split())
