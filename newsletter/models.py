from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """Only these addresses may receive campaigns (double opt-in)."""
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    """A newsletter address and the consent that was given for it (CASL / GDPR record)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(max_length=254, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    consent_text = models.TextField(help_text=_("The consent wording shown when the person subscribed."))
    source_page = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    consented_at = models.DateTimeField(null=True, blank=True, help_text=_("When the form was sent."))
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_emailed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Last confirmation email, for the one-per-hour limit.")
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "confirmed", "unsubscribed"]),
                name="newsletter_subscriber_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="newsletter_subscriber_confirmed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="unsubscribed") | Q(unsubscribed_at__isnull=False),
                name="newsletter_subscriber_unsubscribed_has_date",
            ),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        if self.status == self.Status.CONFIRMED and self.confirmed_at is None:
            raise ValidationError({"confirmed_at": _("A confirmed subscriber needs a confirmation date.")})
        if self.status == self.Status.UNSUBSCRIBED and self.unsubscribed_at is None:
            raise ValidationError({"unsubscribed_at": _("An unsubscribed address needs the date it left.")})


class Campaign(models.Model):
    """A newsletter issue written by staff in Markdown."""

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Markdown. Headings, links, lists and emphasis."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    send_started_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("send_campaign", _("Can send campaigns to subscribers"))]
        constraints = [
            models.CheckConstraint(condition=~Q(subject=""), name="newsletter_campaign_subject_not_empty"),
            models.CheckConstraint(condition=~Q(body=""), name="newsletter_campaign_body_not_empty"),
        ]

    def __str__(self):
        return self.subject


class CampaignDelivery(models.Model):
    """One recipient's copy of a campaign: at most one per person, so a resumed send skips them."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=6, choices=Status.choices)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = _("campaign deliveries")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "subscriber"], name="newsletter_delivery_once"),
            models.CheckConstraint(
                condition=Q(status__in=["sent", "failed"]), name="newsletter_delivery_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="newsletter_delivery_sent_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.campaign} → {self.subscriber}"

    def clean(self):
        if self.status == self.Status.SENT and self.sent_at is None:
            raise ValidationError({"sent_at": _("A sent delivery needs the time it was sent.")})
