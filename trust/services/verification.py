"""Doctor verification that expires unless staff re-confirm it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from doctors.models import DoctorProfile
from moderation.models import DecisionAction
from moderation.services import decision_record


@transaction.atomic
def doctor_verification_reconfirm(*, doctor, by):
    """Staff checked the licence again: the verification runs DOCTOR_VERIFICATION_VALID_DAYS
    from now, and an expired doctor can publish again. Recorded in the audit log."""
    doctor = DoctorProfile.objects.select_for_update().get(pk=doctor.pk)
    if not doctor.is_verified:
        raise ValidationError(_("%(doctor)s is not verified; verify them instead.") % {"doctor": doctor})
    doctor.verified_at = timezone.now()
    doctor.save(update_fields=["verified_at"])
    decision_record(actor=by, target=doctor, action=DecisionAction.DOCTOR_RECONFIRM)
    return doctor
