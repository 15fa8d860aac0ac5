from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Flag(models.Model):
    """A signed-in reader's report that a question, answer or reply breaks the rules.

    Exactly one of `question`, `answer`, `reply` is set (three nullable foreign keys
    rather than a generic relation, so flag counts are plain joins in the admin).
    """

    class Reason(models.TextChoices):
        MISINFORMATION = "misinformation", _("Medical misinformation")
        SPAM = "spam", _("Spam")
        ABUSE = "abuse", _("Abuse")
        PRIVATE_INFORMATION = "private", _("Private information")
        # Also opens a clinical review of an answer (trust.services.clinical_review_open).
        UNSAFE_ADVICE = "unsafe", _("Unsafe medical advice")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        UPHELD = "upheld", _("Upheld: post hidden")

    question = models.ForeignKey(
        "questions.Question", on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    answer = models.ForeignKey(
        "answers.Answer", on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    reply = models.ForeignKey(
        "answers.Reply", on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(question__isnull=False, answer__isnull=True, reply__isnull=True)
                    | Q(question__isnull=True, answer__isnull=False, reply__isnull=True)
                    | Q(question__isnull=True, answer__isnull=True, reply__isnull=False)
                ),
                name="moderation_flag_exactly_one_post",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "dismissed", "upheld"]), name="moderation_flag_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=["misinformation", "spam", "abuse", "private", "unsafe"]),
                name="moderation_flag_reason_valid",
            ),
            models.UniqueConstraint(
                fields=["question", "reporter"],
                condition=Q(status="open"),
                name="moderation_flag_one_open_per_question",
            ),
            models.UniqueConstraint(
                fields=["answer", "reporter"],
                condition=Q(status="open"),
                name="moderation_flag_one_open_per_answer",
            ),
            models.UniqueConstraint(
                fields=["reply", "reporter"],
                condition=Q(status="open"),
                name="moderation_flag_one_open_per_reply",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} on {self.kind} {self.post_id}"

    @property
    def kind(self):
        if self.question_id:
            return "question"
        if self.answer_id:
            return "answer"
        return "reply"

    @property
    def post_id(self):
        return self.question_id or self.answer_id or self.reply_id

    @property
    def post(self):
        return self.question or self.answer or self.reply

    def clean(self):
        if sum(1 for pk in (self.question_id, self.answer_id, self.reply_id) if pk) != 1:
            raise ValidationError(_("A report is about exactly one question, answer or reply."))


class DecisionAction(models.TextChoices):
    PUBLISH = "publish", _("Published")
    HIDE = "hide", _("Hidden")
    RESTORE = "restore", _("Restored")
    REMOVE = "remove", _("Removed")
    AUTO_HIDE = "auto_hide", _("Hidden automatically after reports")
    LOCK = "lock", _("Thread locked")
    UNLOCK = "unlock", _("Thread unlocked")
    NOTE = "note", _("Moderator note changed")
    FLAG_DISMISS = "flag_dismiss", _("Report dismissed")
    FLAG_UPHOLD = "flag_uphold", _("Report upheld")
    DOCTOR_APPROVE = "doctor_approve", _("Doctor verified")
    DOCTOR_REJECT = "doctor_reject", _("Doctor rejected")
    DOCTOR_WITHDRAW = "doctor_withdraw", _("Doctor verification withdrawn")
    DOCTOR_RECONFIRM = "doctor_reconfirm", _("Doctor verification re-confirmed")


DECISION_ACTION_VALUES = [value for value, _label in DecisionAction.choices]


class ModerationDecision(models.Model):
    """The audit trail: who decided what about which post or doctor, when and why."""

    Action = DecisionAction

    # SET_NULL keeps the record when a staff account goes; a null actor is the system.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=20, choices=DecisionAction.choices)
    reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="moderation_decision_target_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=DECISION_ACTION_VALUES),
                name="moderation_decision_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.content_type.model} {self.object_id}"
