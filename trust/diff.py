"""What changed between two Markdown sources, as escaped-by-the-template segments.

Lines are compared first; a replaced block of lines is then compared word by word so a
reader sees the changed words, not two whole paragraphs. difflib's automatic junk
heuristic keeps very repetitive text from taking quadratic time, and word-level
comparison is skipped for huge blocks (they are shown as deleted then inserted).
"""

import re
from difflib import SequenceMatcher

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
WORD_DIFF_MAX_TOKENS = 2000
_TOKENS = re.compile(r"\s+|[^\s]+")


def _segments(old_tokens, new_tokens):
    segments = []
    matcher = SequenceMatcher(None, old_tokens, new_tokens)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append((EQUAL, "".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            segments.append((DELETE, "".join(old_tokens[i1:i2])))
        if j2 > j1:
            segments.append((INSERT, "".join(new_tokens[j1:j2])))
    return segments


def markdown_diff(old, new):
    """The change from `old` to `new` as a list of (operation, text) segments, where
    operation is "equal", "insert" or "delete" and text keeps its line breaks."""
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    segments = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines).get_opcodes():
        old_block, new_block = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if tag == "equal":
            segments.append((EQUAL, old_block))
            continue
        old_tokens, new_tokens = _TOKENS.findall(old_block), _TOKENS.findall(new_block)
        if tag == "replace" and max(len(old_tokens), len(new_tokens)) <= WORD_DIFF_MAX_TOKENS:
            segments.extend(_segments(old_tokens, new_tokens))
            continue
        if old_block:
            segments.append((DELETE, old_block))
        if new_block:
            segments.append((INSERT, new_block))
    return segments
