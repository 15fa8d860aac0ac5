"""Writes to answers, replies, helpful marks and agreements, with their rules."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from answers.models import Answer, AnswerVersion, DoctorAgreement, HelpfulMark, Reply
from answers.tasks import answer_notify_asker, reply_notify
from askdoc.markdown import render_markdown
from moderation.rules import initial_status_for_reply
from questions.models import PostStatus, Question
from trust.selectors import answer_was_reported_or_reviewed
from trust.services.invitations import invitations_mark_answered


@transaction.atomic
def answer_create(*, question, doctor, body, publish=True, created_at=None, disclosure=""):
    """A doctor answers a published question, once. A verified doctor's answer is published
    at once; any doctor may instead save a draft (status pending), which only its author sees.

    The question row is locked so a moderator cannot hide it between the check and the insert,
    and the server's clock dates the answer, so it can never predate the question.
    """
    if doctor.is_withdrawn or (publish and not doctor.can_publish):
        raise PermissionDenied(doctor.refusal_message())
    question = Question.objects.select_for_update().get(pk=question.pk)
    if Answer.objects.filter(question=question, doctor=doctor).exists():
        raise ValidationError(_("You have already answered this question; reply in its thread."))
    answer = Answer(
        question=question,
        doctor=doctor,
        body=body.strip(),
        body_html=render_markdown(body),
        disclosure=disclosure.strip(),
        status=PostStatus.PUBLISHED if publish else PostStatus.PENDING,
        created_at=created_at or timezone.now(),
    )
    if publish:
        answer.publish_check()
    answer.full_clean()
    answer.save()
    if publish:
        invitations_mark_answered(answer=answer)
        transaction.on_commit(lambda: answer_notify_asker.enqueue(answer.pk))
    return answer


@transaction.atomic
def answer_update(*, answer, editor, body, publish=False, disclosure=None):
    """The answer's doctor edits it. The earlier body is kept as an AnswerVersion, and a
    published answer shows when it was edited. A change to a published answer that was
    reported or clinically reviewed is a correction, never a silent edit: the answer shows
    "Corrected on DATE" and the version is marked so readers can see what changed.
    A draft is published only by a verified doctor; a doctor who is no longer verified can
    only edit their drafts."""
    answer = Answer.objects.select_for_update().select_related("doctor", "question").get(pk=answer.pk)
    if answer.doctor.user_id != editor.pk:
        raise PermissionDenied(_("You can only edit your own answers."))
    if answer.status in (PostStatus.HIDDEN, PostStatus.REMOVED):
        raise ValidationError(_("This answer was hidden by a moderator and cannot be edited."))
    was_draft = answer.status == PostStatus.PENDING
    if not answer.doctor.can_publish and (answer.doctor.is_withdrawn or not was_draft or publish):
        raise PermissionDenied(answer.doctor.refusal_message())
    if disclosure is not None:
        answer.disclosure = disclosure.strip()
    body = body.strip()
    now = timezone.now()
    if body != answer.body:
        is_correction = not was_draft and answer_was_reported_or_reviewed(answer=answer)
        AnswerVersion.objects.create(
            answer=answer, body=answer.body, editor=editor, created_at=now, is_correction=is_correction
        )
        answer.body = body
        answer.body_html = render_markdown(body)
        if not was_draft:
            answer.edited_at = now
        if is_correction:
            answer.corrected_at = now
    if was_draft and publish:
        answer.publish_check()
        answer.status = PostStatus.PUBLISHED
        answer.created_at = now
    answer.full_clean()
    answer.save()
    if was_draft and publish:
        transaction.on_commit(lambda: answer_notify_asker.enqueue(answer.pk))
    return answer


def reply_permission_check(*, answer, author):
    """Who may reply in a thread: the asker and verified doctors, never in a locked thread."""
    question = answer.question
    if question.is_locked:
        raise ValidationError(_("This thread is locked; no new replies can be added."))
    if answer.status != PostStatus.PUBLISHED or not question.is_published:
        raise ValidationError(_("This thread is not open for replies."))
    is_asker = question.author_id is not None and question.author_id == author.pk
    if is_asker:
        return
    doctor = getattr(author, "doctor_profile", None)
    if doctor is None:
        raise PermissionDenied(_("Only the asker and verified doctors can reply in this thread."))
    if not doctor.can_publish:
        raise PermissionDenied(doctor.refusal_message())


DUPLICATE_REPLY_WINDOW = timedelta(minutes=10)


def _lock_answer(answer):
    """Serialise writes under one answer until the transaction ends (a no-op on SQLite)."""
    Answer.objects.select_for_update().only("pk").get(pk=answer.pk)


@transaction.atomic
def reply_create(*, answer, author, body, parent=None, created_at=None, status=None, notify=True):
    """Add a follow-up to an answer's thread (optionally under another reply).

    Only the asker and verified doctors reply (`reply_permission_check`), never in a locked
    thread; without an explicit `status` the pre-moderation rules decide (moderation.rules).
    """
    reply_permission_check(answer=answer, author=author)
    # The answer row is locked so a double-submitted form (or two tabs) posts one reply.
    _lock_answer(answer)
    if author is not None:
        duplicate = Reply.objects.filter(
            answer=answer,
            parent=parent,
            author=author,
            body=body.strip(),
            created_at__gte=timezone.now() - DUPLICATE_REPLY_WINDOW,
        ).first()
        if duplicate is not None:
            return duplicate
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
    if notify:
        transaction.on_commit(lambda: reply_notify.enqueue(reply.pk))
    return reply


@transaction.atomic
def helpful_toggle(*, answer, user, marked=None):
    """The asker marks an answer helpful, or takes the mark back. Returns whether it is marked.

    `marked` (from the button pressed) makes a double-submitted form harmless: pressing
    "Mark as helpful" twice leaves one mark instead of undoing it. The answer row is locked so
    concurrent requests cannot both insert.
    """
    if answer.question.author_id is None or answer.question.author_id != user.pk:
        raise PermissionDenied(_("Only the person who asked can mark an answer helpful."))
    _lock_answer(answer)
    existing = HelpfulMark.objects.filter(answer=answer, user=user)
    if marked is None:
        marked = not existing.exists()
    if not marked:
        existing.delete()
        return False
    if existing.exists():
        return True
    mark = HelpfulMark(answer=answer, user=user)
    mark.full_clean()
    mark.save()
    return True


@transaction.atomic
def agreement_toggle(*, answer, doctor, comment="", agrees=None):
    """A verified doctor agrees with another doctor's answer, once, or withdraws it.
    Returns whether the doctor now agrees. `agrees` (from the button pressed) makes a
    double-submitted form harmless; the answer row is locked against concurrent requests."""
    if not doctor.can_publish:
        raise PermissionDenied(_("Only verified doctors can agree with an answer."))
    if answer.status != PostStatus.PUBLISHED:
        raise ValidationError(_("Only published answers can be agreed with."))
    _lock_answer(answer)
    existing = DoctorAgreement.objects.filter(answer=answer, doctor=doctor)
    if agrees is None:
        agrees = not existing.exists()
    if not agrees:
        existing.delete()
        return False
    if existing.exists():
        return True
    agreement = DoctorAgreement(answer=answer, doctor=doctor, comment=comment.strip())
    agreement.full_clean()
    agreement.save()
    return True
