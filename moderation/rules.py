"""Pre-moderation: which new posts publish at once and which wait for a moderator.

Called by `questions.services.question_create` and `answers.services.reply_create`
when no explicit status is given. The thresholds are settings (MODERATION_MAX_LINKS,
MODERATION_BLOCKLIST) so they can change without a deploy of code.
"""

import re

from django.conf import settings

from questions.models import PostStatus, Question

LINK_PATTERN = re.compile(r"https?://|\bwww\.", re.IGNORECASE)


def count_links(text):
    return len(LINK_PATTERN.findall(text or ""))


def has_too_many_links(*texts):
    return sum(count_links(text) for text in texts) > settings.MODERATION_MAX_LINKS


def blocked_words_in(*texts):
    """The blocklisted words or phrases found (whole words, any case)."""
    text = " ".join(t or "" for t in texts)
    return [
        word
        for word in settings.MODERATION_BLOCKLIST
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
    ]


def needs_review(*texts):
    """Links beyond the limit or blocklisted words send any post to review."""
    return has_too_many_links(*texts) or bool(blocked_words_in(*texts))


def initial_status_for_question(author, title, body):
    """A patient's first question waits for review; later ones publish at once unless suspect."""
    if needs_review(title, body):
        return PostStatus.PENDING
    if author is None or not Question.objects.filter(author=author, status=PostStatus.PUBLISHED).exists():
        return PostStatus.PENDING
    return PostStatus.PUBLISHED


def initial_status_for_reply(author, body):
    """Replies publish at once unless they carry too many links or blocklisted words."""
    if needs_review(body):
        return PostStatus.PENDING
    return PostStatus.PUBLISHED


def initial_status_for_answer(doctor, body):
    """Verified doctors' answers publish at once; moderators can hide them afterwards."""
    return PostStatus.PUBLISHED if doctor.is_verified else PostStatus.PENDING
