"""Inviting a verified doctor to answer a question."""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from questions.models import Question
from trust.models import Invitation
from trust.selectors import MAX_OPEN_INVITATIONS, invitable_doctors
from trust.tasks import invitation_email


def can_invite(*, user, question):
    """The asker and moderators (staff) may invite doctors to a published question."""
    if not user.is_authenticated or not question.is_published:
        return False
    return question.author_id == user.pk or user.is_staff


@transaction.atomic
def invitation_create(*, question, doctor, invited_by):
    """Invite `doctor` to answer `question`: a verified doctor of the question's topics,
    not oneself, not twice, at most MAX_OPEN_INVITATIONS open per question. The doctor is
    emailed after commit and sees it on their dashboard."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if not can_invite(user=invited_by, question=question):
        raise PermissionDenied(_("Only the asker or a moderator can invite a doctor."))
    if doctor.user_id == invited_by.pk:
        raise ValidationError(_("You cannot invite yourself."))
    if not doctor.can_publish:
        raise ValidationError(
            _("%(doctor)s is not a verified doctor at the moment and cannot be invited.") % {"doctor": doctor}
        )
    if Invitation.objects.filter(question=question, doctor=doctor).exists():
        raise ValidationError(_("%(doctor)s has already been invited to this question.") % {"doctor": doctor})
    if not invitable_doctors(question=question).filter(pk=doctor.pk).exists():
        raise ValidationError(
            _("%(doctor)s does not answer in this question's topics or has already answered it.")
            % {"doctor": doctor}
        )
    if Invitation.objects.open().filter(question=question).count() >= MAX_OPEN_INVITATIONS:
        raise ValidationError(
            _("This question already has %(n)d open invitations; wait for an answer.")
            % {"n": MAX_OPEN_INVITATIONS}
        )
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(question=question, doctor=doctor, invited_by=invited_by)
    except IntegrityError:
        raise ValidationError(
            _("%(doctor)s has already been invited to this question.") % {"doctor": doctor}
        ) from None
    transaction.on_commit(partial(invitation_email.enqueue, invitation.pk))
    return invitation


def invitations_mark_answered(*, answer):
    """An invited doctor answered: their invitation is no longer open."""
    Invitation.objects.open().filter(question_id=answer.question_id, doctor_id=answer.doctor_id).update(
        status=Invitation.Status.ANSWERED
    )
