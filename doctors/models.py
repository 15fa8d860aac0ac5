from functools import lru_cache

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=4096)
def _profile_url(urlconf, script_prefix, slug):
    """A question page links a doctor's profile once per answer, reply and agreement:
    reversing it each time was a tenth of the heavy page's time."""
    return reverse("doctors:profile", kwargs={"slug": slug}, urlconf=urlconf)


class DoctorProfileQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification_status=DoctorProfile.Verification.VERIFIED)


class DoctorProfile(models.Model):
    """A doctor's public identity: every answer is by a named, checkable doctor."""

    class Verification(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

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
                condition=models.Q(verification_status__in=["pending", "verified", "rejected"]),
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
        return _profile_url(get_urlconf(), get_script_prefix(), self.slug)

    @property
    def display_name(self):
        return f"Dr {self.name}"

    @property
    def is_verified(self):
        return self.verification_status == self.Verification.VERIFIED
