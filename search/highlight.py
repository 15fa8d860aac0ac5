"""Safe HTML for highlighted search snippets.

The database marks matches with sentinel characters, never with markup; the text is then
escaped and only the sentinels become `<mark>` tags, paired and balanced. Whatever a
question's body contains, the snippet can only ever hold text and `<mark>` elements.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

START = "\x01"
STOP = "\x02"
_SENTINELS = re.compile(f"([{START}{STOP}])")


def highlight_marked(text):
    """`text` with START/STOP sentinels as escaped HTML with balanced <mark> elements."""
    parts = []
    is_open = False
    for piece in _SENTINELS.split(text or ""):
        if piece == START:
            if not is_open:
                parts.append("<mark>")
                is_open = True
        elif piece == STOP:
            if is_open:
                parts.append("</mark>")
                is_open = False
        else:
            parts.append(escape(piece))
    if is_open:
        parts.append("</mark>")
    return mark_safe("".join(parts))


def mark_words(text, words):
    """`text` with every case-insensitive occurrence of `words` between sentinels (the
    SQLite fallback's stand-in for ts_headline)."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    text = _SENTINELS.sub("", text or "")
    if not words:
        return text
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text)


def excerpt(text, words, *, length=240):
    """A window of `text` around the first occurrence of one of `words`."""
    text = " ".join((text or "").split())
    folded = text.casefold()
    positions = [folded.find(w.casefold()) for w in words if w and w.casefold() in folded]
    start = max(0, min(positions) - length // 3) if positions else 0
    window = text[start : start + length]
    return f"{'… ' if start else ''}{window}{' …' if start + length < len(text) else ''}"
