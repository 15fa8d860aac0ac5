import datetime
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=4096)
def _profile_url(urlconf, script_prefix, slug):
    """A question page links a doctor's profile once per answer, reply and agreement:
    reversing it each time was a tenth of the heavy page's time."""
    return reverse("doctors:profile", kwargs={"slug": slug}, urlconf=urlconf)


class DoctorProfileQuerySet(models.QuerySet):
    def verified(self):
        """Doctors who may publish now."""
        return self.filter(verification_status=DoctorProfile.Verification.VERIFIED)

    def public(self):
        """Doctors with a public profile: verified now, or once verified and withdrawn (their
        published answers stay up and link to the profile)."""
        return self.filter(
            verification_status__in=[
                DoctorProfile.Verification.VERIFIED,
                DoctorProfile.Verification.WITHDRAWN,
            ]
        )

    def awaiting_verification(self):
        """The verification queue: pending doctors, those who waited longest first."""
        return self.filter(verification_status=DoctorProfile.Verification.PENDING).order_by(
            "created_at", "id"
        )


CANADIAN_REGIONS = (
    "Alberta",
    "British Columbia",
    "Manitoba",
    "New Brunswick",
    "Newfoundland and Labrador",
    "Nova Scotia",
    "Ontario",
    "Prince Edward Island",
    "Quebec",
    "Saskatchewan",
    "Northwest Territories",
    "Nunavut",
    "Yukon",
)


class DoctorProfile(models.Model):
    """A doctor's public identity: every answer is by a named, checkable doctor."""

    class TreatmentInterest(models.TextChoices):
        NOT_STATED = "", _("Not stated")
        NONE = "none", _("Does not perform or sell the treatments discussed")
        PERFORMS = "performs", _("Performs the treatments discussed")
        SELLS = "sells", _("Sells the products discussed")
        PERFORMS_AND_SELLS = "both", _("Performs the treatments and sells the products discussed")

    class Verification(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Verification withdrawn")

    # PROTECT: a doctor's account is deactivated, never deleted, so their answers
    # stay attributed to a real person.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="doctor_profile"
    )
    name = models.CharField(_("name as shown"), max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    specialty = models.CharField(max_length=100)
    clinic = models.CharField(max_length=150, blank=True)
    city = models.ForeignKey(
        "questions.City", on_delete=models.PROTECT, null=True, blank=True, related_name="doctors"
    )
    licence_number = models.CharField(max_length=50, blank=True)
    licensing_body = models.CharField(max_length=150, blank=True)
    licensed_in = models.CharField(
        _("licensed in"),
        max_length=100,
        blank=True,
        help_text=_("Province or region of the licence; blank derives it from the licensing body."),
    )
    treatment_interest = models.CharField(
        _("do you perform or sell the treatments you answer about?"),
        max_length=10,
        choices=TreatmentInterest.choices,
        blank=True,
        default="",
    )
    clinic_url = models.URLField(_("clinic website"), max_length=200, blank=True)
    disclosure_note = models.CharField(
        _("anything else readers should know about your interests (optional)"),
        max_length=500,
        blank=True,
        help_text=_("e.g. “I am a paid consultant for the maker of this laser.” Shown with every answer."),
    )
    bio = models.TextField(blank=True, max_length=2000)
    portrait = models.ImageField(_("portrait"), upload_to="doctors/portraits/", blank=True)
    topics = models.ManyToManyField(
        "questions.Topic",
        related_name="doctors",
        blank=True,
        help_text=_("The topics you answer; your dashboard shows their questions first."),
    )
    wants_daily_digest = models.BooleanField(
        _("email me a daily digest of new questions in my topics"), default=False
    )
    rejection_reason = models.CharField(max_length=255, blank=True)
    verification_status = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.PENDING, db_index=True
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DoctorProfileQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verification_status__in=["pending", "verified", "rejected", "withdrawn"]),
                name="doctors_profile_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(verification_status="verified") | models.Q(verified_at__isnull=False),
                name="doctors_profile_verified_has_date",
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="doctors_profile_name_not_empty"),
            models.CheckConstraint(
                condition=models.Q(treatment_interest__in=["", "none", "performs", "sells", "both"]),
                name="doctors_profile_treatment_interest_valid",
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return _profile_url(get_urlconf(), get_script_prefix(), self.slug)

    @property
    def display_name(self):
        return f"Dr {self.name}"

    @property
    def is_verified(self):
        return self.verification_status == self.Verification.VERIFIED

    @property
    def is_withdrawn(self):
        return self.verification_status == self.Verification.WITHDRAWN

    def refusal_message(self):
        """Why this doctor cannot publish, in words they understand (None when they can)."""
        if self.can_publish:
            return None
        if self.is_verified:
            return gettext(
                "Your verification has expired; our staff must re-confirm your licence "
                "before you publish again."
            )
        if self.verification_status == self.Verification.PENDING:
            return gettext(
                "Your doctor profile is awaiting verification: you can save drafts, "
                "and publish once our staff have checked your licence."
            )
        if self.is_withdrawn:
            message = gettext(
                "Your verification was withdrawn by our staff, "
                "so you can no longer publish answers or replies."
            )
        else:
            message = gettext(
                "Our staff could not verify your licence, so you cannot publish answers or replies."
            )
        if self.rejection_reason:
            message += " " + gettext("Reason: %(reason)s") % {"reason": self.rejection_reason}
        return message

    @property
    def verification_recheck_at(self):
        """When staff must check the licence again: DOCTOR_VERIFICATION_VALID_DAYS after the
        last verification or re-confirmation."""
        if self.verified_at is None:
            return None
        return self.verified_at + datetime.timedelta(days=settings.DOCTOR_VERIFICATION_VALID_DAYS)

    @property
    def is_verification_expired(self):
        recheck_at = self.verification_recheck_at
        return self.is_verified and recheck_at is not None and recheck_at <= timezone.now()

    @property
    def can_publish(self):
        """Verified and not expired: only such a doctor publishes new answers and replies.
        Expiry hides nothing already published."""
        return self.is_verified and not self.is_verification_expired

    @property
    def licence_region(self):
        """Where the doctor is licensed: `licensed_in`, else the province named in the licensing
        body ("College of Physicians and Surgeons of Alberta" gives "Alberta")."""
        if self.licensed_in:
            return self.licensed_in
        body = self.licensing_body.lower()
        return next((region for region in CANADIAN_REGIONS if region.lower() in body), "")


class DoctorAwaitingVerification(DoctorProfile):
    """The verification queue in admin: a proxy so it is its own page, showing only pending doctors."""

    class Meta:
        proxy = True
        verbose_name = _("doctor awaiting verification")
        verbose_name_plural = _("doctors awaiting verification")
