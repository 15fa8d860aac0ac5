"""Writes to doctor profiles by doctors themselves: applying and their settings.

Staff decisions (verify, reject, withdraw) are in moderation.services, which records
each in the audit trail and emails the doctor."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from doctors.models import DoctorProfile


def _unique_slug(name):
    base = slugify(name)[:110].strip("-") or "doctor"
    slug, n = base, 2
    while DoctorProfile.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def doctor_apply(
    *,
    user,
    name,
    specialty,
    licence_number,
    licensing_body,
    clinic="",
    city=None,
    bio="",
    topics=(),
    portrait=None,
    wants_daily_digest=False,
    licensed_in="",
    treatment_interest="",
    clinic_url="",
    disclosure_note="",
):
    """A signed-in user applies as a doctor. The profile is pending until staff verify it,
    so nothing the doctor writes is public before then. One profile per user."""
    if DoctorProfile.objects.filter(user=user).exists():
        raise ValidationError(_("You have already applied as a doctor."))
    doctor = DoctorProfile(
        user=user,
        name=name.strip(),
        specialty=specialty.strip(),
        licence_number=licence_number.strip(),
        licensing_body=licensing_body.strip(),
        clinic=clinic.strip(),
        licensed_in=licensed_in.strip(),
        treatment_interest=treatment_interest,
        clinic_url=clinic_url.strip(),
        disclosure_note=disclosure_note.strip(),
        city=city,
        bio=bio.strip(),
        wants_daily_digest=wants_daily_digest,
        verification_status=DoctorProfile.Verification.PENDING,
    )
    if portrait is not None:
        doctor.portrait.save(portrait.name, portrait, save=False)
    for _attempt in range(3):
        doctor.slug = _unique_slug(doctor.name)
        doctor.full_clean()
        try:
            with transaction.atomic():
                doctor.save()
                doctor.topics.set(topics)
        except IntegrityError:
            # Another doctor took the slug between the check and the insert.
            doctor.pk = None
            continue
        return doctor
    raise ValidationError(_("Please try again."))


DISCLOSURE_FIELDS = ("treatment_interest", "clinic", "clinic_url", "disclosure_note", "licensed_in")


@transaction.atomic
def doctor_disclosure_update(*, doctor, **fields):
    """A doctor states their interests: whether they perform or sell the treatments they
    answer about, at which clinic (and its website), anything else readers should know, and,
    until staff have verified their licence, the region it is valid in. Shown with every answer."""
    unknown = set(fields) - set(DISCLOSURE_FIELDS)
    if unknown:
        raise TypeError(f"Not disclosure fields: {', '.join(sorted(unknown))}")
    doctor = DoctorProfile.objects.select_for_update().get(pk=doctor.pk)
    if "licensed_in" in fields and doctor.verification_status in (
        DoctorProfile.Verification.VERIFIED,
        DoctorProfile.Verification.WITHDRAWN,
    ):
        raise ValidationError(_("Your licence region was checked by our staff; ask them to change it."))
    for name, value in fields.items():
        setattr(doctor, name, value.strip())
    doctor.full_clean()
    doctor.save(update_fields=list(fields))
    return doctor


def doctor_digest_set(*, doctor, wants_daily_digest):
    """A doctor switches their daily digest of new questions on or off."""
    DoctorProfile.objects.filter(pk=doctor.pk).update(wants_daily_digest=wants_daily_digest)
    doctor.wants_daily_digest = wants_daily_digest
    return doctor
