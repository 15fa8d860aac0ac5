from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from questions.models import POST_STATUS_VALUES, PostStatus


class AnswerQuerySet(models.QuerySet):
    """The one place that says who sees which answers."""

    def published(self):
        """Published answers. Only a verified doctor's answer can enter the published state
        (`Answer.publish_check`), so this needs no check of the doctor: withdrawing a
        verification hides nothing already published, it only stops new answers."""
        return self.filter(status=PostStatus.PUBLISHED)

    def visible_to(self, user):
        """Everyone sees published answers; a doctor also sees their own drafts."""
        if user is not None and user.is_authenticated:
            own = Q(doctor__user=user) & ~Q(status=PostStatus.REMOVED)
            return self.filter(Q(status=PostStatus.PUBLISHED) | own)
        return self.published()


class Answer(models.Model):
    """A verified doctor's answer to a question, written in Markdown."""

    question = models.ForeignKey("questions.Question", on_delete=models.CASCADE, related_name="answers")
    doctor = models.ForeignKey("doctors.DoctorProfile", on_delete=models.PROTECT, related_name="answers")
    body = models.TextField(help_text=_("Markdown."))
    body_html = models.TextField(editable=False, help_text=_("Sanitized HTML rendered from body."))
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.PUBLISHED)
    hidden_reason = models.CharField(max_length=255, blank=True)
    moderator_note = models.TextField(
        blank=True,
        help_text=_("Shown to readers above the answer, e.g. for claims not supported by evidence."),
    )
    disclosure = models.CharField(
        _("disclosure for this answer (optional)"),
        max_length=500,
        blank=True,
        help_text=_("e.g. “I have been paid to speak for the maker of this product.”"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    corrected_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the doctor last changed the published answer after a report or a clinical review."),
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["question", "status"], name="answer_question_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["question", "doctor"], name="answer_one_per_doctor"),
            models.CheckConstraint(condition=~Q(body=""), name="answer_body_not_empty"),
            models.CheckConstraint(condition=Q(status__in=POST_STATUS_VALUES), name="answer_status_valid"),
            models.CheckConstraint(
                condition=Q(edited_at__isnull=True) | Q(edited_at__gte=models.F("created_at")),
                name="answer_edited_after_created",
            ),
            models.CheckConstraint(
                condition=Q(corrected_at__isnull=True) | Q(edited_at__isnull=False),
                name="answer_corrected_is_edited",
            ),
        ]

    def __str__(self):
        return f"{self.doctor} on {self.question}"

    def get_absolute_url(self):
        """Its permalink: answers are paged on the question page and their order changes
        with helpful marks, so the page is found when the link is followed."""
        return reverse("answers:permalink", args=[self.pk])

    def publish_check(self):
        """An answer enters the published state (new, from a draft, or restored) only while its
        doctor is verified, so nothing a pending, rejected or withdrawn doctor writes is public."""
        if not self.doctor.is_verified:
            raise ValidationError(
                _("%(doctor)s is not verified, so this answer cannot be published.") % {"doctor": self.doctor}
            )

    def clean(self):
        """An answer is to a published question and can never predate it."""
        question = self.question if self.question_id else None
        if question is None:
            return
        if not question.is_published:
            raise ValidationError(_("This question is not open for answers."))
        if self.created_at and self.created_at < question.created_at:
            raise ValidationError(_("An answer cannot be dated before its question."))


class ReplyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PostStatus.PUBLISHED)

    def visible_to(self, user):
        if user is not None and user.is_authenticated:
            own = Q(author=user) & ~Q(status=PostStatus.REMOVED)
            return self.filter(Q(status=PostStatus.PUBLISHED) | own)
        return self.published()


class Reply(models.Model):
    """A follow-up in an answer's thread, by the asker or a doctor; may reply to a reply."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="replies")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
    )
    author_display_name = models.CharField(max_length=40, blank=True)
    body = models.TextField()
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=10, choices=PostStatus.choices, default=PostStatus.PUBLISHED)
    hidden_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "replies"
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="reply_body_not_empty"),
            models.CheckConstraint(condition=Q(status__in=POST_STATUS_VALUES), name="reply_status_valid"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=models.F("id")),
                name="reply_not_own_parent",
            ),
        ]

    def __str__(self):
        return f"Reply {self.pk} to {self.answer_id}"

    def get_absolute_url(self):
        """The permalink of its answer, pointing at the reply (see Answer.get_absolute_url)."""
        return f"{reverse('answers:permalink', args=[self.answer_id])}?reply={self.pk}"

    @property
    def author_doctor(self):
        """The author's doctor profile, if a doctor wrote this reply (select_related by selectors)."""
        if self.author_id is None:
            return None
        return getattr(self.author, "doctor_profile", None)

    @property
    def author_name(self):
        return self.author_display_name or _("the asker")

    def clean(self):
        """A reply stays in its answer's thread and never predates the answer."""
        if self.parent_id and self.answer_id and self.parent.answer_id != self.answer_id:
            raise ValidationError(_("A reply must stay in the same thread as its parent."))
        if self.answer_id and self.created_at and self.created_at < self.answer.created_at:
            raise ValidationError(_("A reply cannot be dated before the answer."))


class AnswerVersion(models.Model):
    """An earlier body of an answer, kept when its doctor edits it. `is_correction` marks
    the edits of a published answer made after it was reported or clinically reviewed."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="versions")
    body = models.TextField()
    is_correction = models.BooleanField(default=False)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="answer_version_body_not_empty")]

    def __str__(self):
        return f"Version of answer {self.answer_id} from {self.created_at:%Y-%m-%d %H:%M}"


class HelpfulMark(models.Model):
    """The asker found an answer helpful; once per answer and user."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="helpful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_marks")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "user"], name="helpful_mark_once_per_user")]

    def __str__(self):
        return f"{self.user} found {self.answer_id} helpful"


class DoctorAgreement(models.Model):
    """A verified doctor agrees with another doctor's answer, once, with an optional one-liner."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="agreements")
    doctor = models.ForeignKey("doctors.DoctorProfile", on_delete=models.CASCADE, related_name="agreements")
    comment = models.CharField(_("comment (optional)"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "doctor"], name="agreement_once_per_doctor"),
        ]

    def __str__(self):
        return f"{self.doctor} agrees with {self.answer_id}"

    def clean(self):
        """A doctor cannot agree with their own answer."""
        if self.answer_id and self.doctor_id and self.answer.doctor_id == self.doctor_id:
            raise ValidationError(_("You cannot agree with your own answer."))
