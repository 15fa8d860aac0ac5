"""Writes to questions, with their rules. Views, admin and commands all come through here."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from moderation.rules import initial_status_for_question
from questions.models import PostStatus, Question

SLUG_MAX_LENGTH = 200


def _unique_slug(title, *, exclude_pk=None):
    base = slugify(title)[:SLUG_MAX_LENGTH].strip("-") or "question"
    slug, n = base, 2
    taken = Question.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def question_create(
    *,
    author,
    title,
    body,
    topics=(),
    city=None,
    display_name=None,
    status=None,
    created_at=None,
):
    """Create a question. The server sets its timestamps; `created_at` is only for demo data.

    The public name is the author's display name unless `display_name` is given
    ("" asks anonymously). Email and real name are never copied to the question.
    Without an explicit `status`, the pre-moderation rules decide (moderation.rules).
    """
    if status is None:
        status = initial_status_for_question(author, title, body)
    if display_name is None:
        display_name = author.display_name if author else ""
    now = timezone.now()
    question = Question(
        author=author,
        title=title.strip(),
        body=body.strip(),
        author_display_name=display_name,
        city=city,
        status=status,
        created_at=created_at or now,
    )
    if status == PostStatus.PUBLISHED:
        question.published_at = question.created_at
    for _attempt in range(3):
        question.slug = _unique_slug(question.title)
        question.full_clean()
        try:
            with transaction.atomic():
                question.save()
                question.topics.set(topics)
        except IntegrityError:
            # Another question took the same slug between the check and the insert.
            question.pk = None
            continue
        return question
    raise IntegrityError("Could not find a unique slug for the question.")


@transaction.atomic
def question_publish(*, question):
    """Publish a question awaiting review; its published date is the moment of publication."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    question.status = PostStatus.PUBLISHED
    question.hidden_reason = ""
    if question.published_at is None:
        question.published_at = max(timezone.now(), question.created_at)
    question.save(update_fields=["status", "hidden_reason", "published_at", "updated_at"])
    return question
