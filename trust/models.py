from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonalDetailFinding(models.Model):
    """What the personal-detail guard found in a patient's text before it was published.

    For moderators only (admin); the raw details are not stored, only their kinds and the
    redacted text, so this record leaks nothing itself.
    """

    class Source(models.TextChoices):
        QUESTION = "question", _("Question")
        REPLY = "reply", _("Reply")
        CAPTION = "caption", _("Photo caption")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    kinds = models.CharField(max_length=100, help_text=_("Comma-separated kinds of detail found."))
    count = models.PositiveSmallIntegerField()
    redacted_text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=["question", "reply", "caption"]), name="trust_finding_source_valid"
            ),
            models.CheckConstraint(condition=Q(count__gt=0), name="trust_finding_count_positive"),
        ]

    def __str__(self):
        return f"{self.kinds} in a {self.get_source_display().lower()}"


class ClinicalReviewQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ClinicalReview.Status.OPEN)

    def decided(self):
        return self.filter(status__in=[ClinicalReview.Status.CONFIRMED, ClinicalReview.Status.CORRECTED])


class ClinicalReview(models.Model):
    """A clinical reviewer's check of an answer reported as unsafe medical advice."""

    class Status(models.TextChoices):
        OPEN = "open", _("Under clinical review")
        CONFIRMED = "confirmed", _("Reviewed: sound")
        CORRECTED = "corrected", _("Reviewed: correction added")

    answer = models.ForeignKey("answers.Answer", on_delete=models.CASCADE, related_name="clinical_reviews")
    flag = models.ForeignKey(
        "moderation.Flag", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reviewer = models.ForeignKey(
        "doctors.DoctorProfile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    correction_note = models.TextField(_("correction note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ClinicalReviewQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "confirmed", "corrected"]), name="trust_review_status_valid"
            ),
            models.UniqueConstraint(
                fields=["answer"], condition=Q(status="open"), name="trust_review_one_open_per_answer"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(reviewer__isnull=False, decided_at__isnull=False),
                name="trust_review_decided_has_reviewer_and_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="corrected") | ~Q(correction_note=""),
                name="trust_review_correction_has_note",
            ),
        ]

    def __str__(self):
        return f"Clinical review of answer {self.answer_id} ({self.get_status_display()})"

    def clean(self):
        if self.status == self.Status.CORRECTED and not self.correction_note.strip():
            raise ValidationError({"correction_note": _("Please write the correction readers will see.")})


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Invitation.Status.OPEN)


class Invitation(models.Model):
    """The asker or a moderator asks a verified doctor of the question's topics to answer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")

    question = models.ForeignKey("questions.Question", on_delete=models.CASCADE, related_name="invitations")
    doctor = models.ForeignKey("doctors.DoctorProfile", on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "doctor"], name="trust_invitation_once_per_doctor"),
            models.CheckConstraint(
                condition=Q(status__in=["open", "answered"]), name="trust_invitation_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.doctor} invited to {self.question_id}"


class ConsentRecordQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def of_user(self, user):
        """A user's consents: recorded for their account or for their email address."""
        return self.filter(Q(user=user) | Q(user__isnull=True, email__iexact=user.email))


class ConsentRecord(models.Model):
    """One consent given: by whom, to what exact wording (and its version), when, where,
    and when it was withdrawn. The one ledger staff export to prove consent."""

    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", _("Newsletter")
        ANSWER_EMAILS = "answer_emails", _("Emails about answers and replies")
        PHOTO_USE = "photo_use", _("Showing my photos to readers")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )
    email = models.EmailField(max_length=254, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wording = models.TextField(help_text=_("The exact text the person agreed to."))
    version = models.CharField(max_length=20)
    source_page = models.CharField(max_length=500, blank=True)
    given_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the person confirmed from the email sent to them (double opt-in: newsletter)."),
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["kind", "email"], name="trust_consent_kind_email_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["newsletter", "answer_emails", "photo_use"]),
                name="trust_consent_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""), name="trust_consent_has_person"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="trust_consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(confirmed_at__gte=models.F("given_at")),
                name="trust_consent_confirmed_after_given",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} consent of {self.email or self.user_id}"

    def clean(self):
        if self.user_id is None and not self.email:
            raise ValidationError(_("A consent needs the person who gave it: a user or an email address."))
        for field in ("confirmed_at", "withdrawn_at"):
            moment = getattr(self, field)
            if moment is not None and self.given_at is not None and moment < self.given_at:
                raise ValidationError({field: _("This cannot be earlier than when the consent was given.")})

    @property
    def is_active(self):
        return self.withdrawn_at is None
