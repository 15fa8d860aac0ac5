"""Writes to answers and replies, with their rules."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from answers.models import Answer, Reply
from askdoc.markdown import render_markdown
from moderation.rules import initial_status_for_reply
from questions.models import Question


@transaction.atomic
def answer_create(*, question, doctor, body, created_at=None):
    """A verified doctor answers a published question, once; the answer is published at once.

    The question row is locked so a moderator cannot hide it between the check and the insert,
    and the server's clock dates the answer, so it can never predate the question.
    """
    if not doctor.is_verified:
        raise PermissionDenied(_("Only verified doctors can answer questions."))
    question = Question.objects.select_for_update().get(pk=question.pk)
    if Answer.objects.filter(question=question, doctor=doctor).exists():
        raise ValidationError(_("You have already answered this question; reply in its thread."))
    answer = Answer(
        question=question,
        doctor=doctor,
        body=body.strip(),
        body_html=render_markdown(body),
        created_at=created_at or timezone.now(),
    )
    answer.full_clean()
    answer.save()
    return answer


@transaction.atomic
def reply_create(*, answer, author, body, parent=None, created_at=None, status=None):
    """Add a follow-up to an answer's thread (optionally under another reply).

    A locked thread takes no replies; without an explicit `status` the pre-moderation
    rules decide (moderation.rules).
    """
    if answer.question.is_locked:
        raise ValidationError(_("This thread is locked; it takes no new replies."))
    if status is None:
        status = initial_status_for_reply(author, body)
    reply = Reply(
        answer=answer,
        parent=parent,
        author=author,
        author_display_name=author.display_name if author else "",
        body=body.strip(),
        body_html=render_markdown(body),
        status=status,
        created_at=created_at or timezone.now(),
    )
    reply.full_clean()
    reply.save()
    return reply
