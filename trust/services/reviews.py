"""Clinical review of answers reported as unsafe medical advice."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from answers.models import Answer
from questions.models import PostStatus
from trust.models import ClinicalReview
from trust.roles import is_clinical_reviewer


def clinical_review_open(*, answer, flag=None):
    """An "Unsafe medical advice" report opens a clinical review of the answer, once while
    one is open (a second report joins the open review). Called inside flag_create's transaction."""
    existing = ClinicalReview.objects.open().filter(answer=answer).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ClinicalReview.objects.create(answer=answer, flag=flag)
    except IntegrityError:
        return ClinicalReview.objects.open().get(answer=answer)


@transaction.atomic
def clinical_review_decide(*, review, reviewer_user, reviewer_doctor, correction_note=""):
    """A clinical reviewer decides an open review: the answer is sound ("Reviewed by Dr NAME on
    DATE") or needs the correction note readers will see. Never one's own answer; never an
    answer hidden in the meantime; never twice."""
    if not is_clinical_reviewer(reviewer_user, reviewer_doctor):
        raise PermissionDenied(_("Only clinical reviewers can decide clinical reviews."))
    review = ClinicalReview.objects.select_for_update(of=("self",)).select_related("answer").get(pk=review.pk)
    if review.status != ClinicalReview.Status.OPEN:
        raise ValidationError(_("This review was already decided by another reviewer."))
    answer = Answer.objects.get(pk=review.answer_id)
    if answer.doctor_id == reviewer_doctor.pk:
        raise ValidationError(_("You cannot review your own answer; another reviewer will."))
    if answer.status != PostStatus.PUBLISHED:
        raise ValidationError(
            _("This answer was hidden by a moderator after it was reported; there is nothing to review now.")
        )
    correction_note = (correction_note or "").strip()
    review.status = ClinicalReview.Status.CORRECTED if correction_note else ClinicalReview.Status.CONFIRMED
    review.correction_note = correction_note
    review.reviewer = reviewer_doctor
    review.decided_at = timezone.now()
    review.full_clean()
    review.save()
    return review
