"""Writes to questions, with their rules. Views, admin and commands all come through here."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from moderation.rules import initial_status_for_question
from questions.models import PostStatus, Question, QuestionPhoto, QuestionRevision

SLUG_MAX_LENGTH = 200


def _unique_slug(title, *, exclude_pk=None):
    base = slugify(title)[:SLUG_MAX_LENGTH].strip("-") or "question"
    slug, n = base, 2
    taken = Question.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def mentions_emergency(text):
    """True when `text` holds every phrase of one group of ASKDOC_EMERGENCY_PHRASES."""
    text = " ".join(text.casefold().replace("’", "'").split())
    return any(
        all(phrase.casefold() in text for phrase in group) for group in settings.ASKDOC_EMERGENCY_PHRASES
    )


def _photo_save(*, question, photo):
    record = QuestionPhoto(question=question, is_public=photo.is_public, caption=photo.caption.strip())
    record.image.save(f"{record.uuid}.jpg", photo.image, save=False)
    record.thumbnail.save(f"{record.uuid}-thumb.jpg", photo.thumbnail, save=False)
    try:
        record.full_clean()
        record.save()
    except Exception:
        record.delete_files()
        raise
    return record


def _same_form_question(author, form_token):
    """The question this author already posted with this form (a double click), or None."""
    if not form_token or author is None:
        return None
    return Question.objects.filter(author=author, form_token=form_token).first()


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
    photos=(),
    form_token="",
):
    """Create a question. The server sets its timestamps; `created_at` is only for demo data.

    The public name is the author's display name unless `display_name` is given
    ("" asks anonymously). Email and real name are never copied to the question.
    Without an explicit `status`, the pre-moderation rules decide (moderation.rules), except
    that a question whose text mentions an emergency always waits for a moderator, flagged
    for urgent review.
    The same `form_token` from the same author (a double click) returns the first question.
    `photos` are `questions.photos.ProcessedPhoto`s, at most ASKDOC_PHOTOS_PER_QUESTION, each
    with its own visibility (doctors-only unless `is_public`) and caption.
    """
    existing = _same_form_question(author, form_token)
    if existing is not None:
        return existing
    if len(photos) > settings.ASKDOC_PHOTOS_PER_QUESTION:
        raise ValidationError(
            _("A question can have at most %(n)d photos.") % {"n": settings.ASKDOC_PHOTOS_PER_QUESTION}
        )
    is_urgent = mentions_emergency(f"{title} {body}")
    if status is None:
        # Warning signs of an emergency always reach a moderator, even from a trusted asker.
        status = PostStatus.PENDING if is_urgent else initial_status_for_question(author, title, body)
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
        needs_urgent_review=is_urgent,
        form_token=form_token,
    )
    if status == PostStatus.PUBLISHED:
        question.published_at = question.created_at
    for _attempt in range(3):
        question.slug = _unique_slug(question.title)
        try:
            question.full_clean()
        except ValidationError:
            # The same form sent twice at once: the other request's question is committed now.
            duplicate = _same_form_question(author, form_token)
            if duplicate is not None:
                return duplicate
            raise
        try:
            with transaction.atomic():
                question.save()
                question.topics.set(topics)
                for photo in photos:
                    _photo_save(question=question, photo=photo)
        except IntegrityError:
            existing = _same_form_question(author, form_token)
            if existing is not None:
                return existing
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


def question_can_be_edited(question):
    """An asker may edit their question until it has an answer (of any status)."""
    return not question.answers.exists()


def photo_make_private(*, photo):
    """The asker shows a photo only to doctors (and themselves). Always allowed, also once the
    question has an answer: making a photo more private needs nobody's leave, whereas making
    one public is part of editing the question (question_update), closed after an answer."""
    if photo.is_public:
        photo.is_public = False
        photo.save(update_fields=["is_public"])
    return photo


@transaction.atomic
def photo_remove(*, photo):
    """The asker removes one of their photos, at any time (also once the question has an
    answer: it is their medical image). Its files go once the removal is committed."""
    photo.delete()
    transaction.on_commit(photo.delete_files)


@dataclass(frozen=True)
class PhotoChange:
    """The asker's choices for one of their question's photos on the edit form."""

    photo_id: int
    is_public: bool
    caption: str = ""
    remove: bool = False


def _photos_update(*, question, photo_changes):
    photos = {photo.pk: photo for photo in question.photos.all()}
    for change in photo_changes:
        photo = photos.get(change.photo_id)
        if photo is None:
            raise ValidationError(_("This photo does not belong to the question."))
        if change.remove:
            photo.delete()
            transaction.on_commit(photo.delete_files)
            continue
        caption = change.caption.strip()
        if (photo.is_public, photo.caption) != (change.is_public, caption):
            photo.is_public, photo.caption = change.is_public, caption
            photo.full_clean()
            photo.save(update_fields=["is_public", "caption"])


@transaction.atomic
def question_update(*, question, title, body, photo_changes=()):
    """The asker edits their question until it has an answer; the previous text is kept.

    `photo_changes` (PhotoChange) set each photo's visibility and caption, or remove it
    (its files go once the change is committed); they must be photos of this question.
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    if not question_can_be_edited(question):
        raise ValidationError(_("This question has an answer and can no longer be edited."))
    _photos_update(question=question, photo_changes=photo_changes)
    title, body = title.strip(), body.strip()
    if (title, body) == (question.title, question.body):
        return question
    QuestionRevision.objects.create(question=question, title=question.title, body=question.body)
    question.title, question.body = title, body
    if mentions_emergency(f"{title} {body}"):
        question.needs_urgent_review = True
    question.full_clean()
    question.save(update_fields=["title", "body", "needs_urgent_review", "updated_at"])
    return question
