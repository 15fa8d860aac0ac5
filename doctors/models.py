from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


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


class DoctorProfile(models.Model):
    """A doctor's public identity: every answer is by a named, checkable doctor."""

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
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("doctors:profile", kwargs={"slug": self.slug})

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
        if self.is_verified:
            return None
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


class DoctorAwaitingVerification(DoctorProfile):
    """The verification queue in admin: a proxy so it is its own page, showing only pending doctors."""

    class Meta:
        proxy = True
        verbose_name = _("doctor awaiting verification")
        verbose_name_plural = _("doctors awaiting verification")
