"""Writes to the newsletter list and campaigns, with their rules."""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletter.emails import campaign_message
from newsletter.models import Campaign, CampaignDelivery, Subscriber
from newsletter.tasks import campaign_send_batch, campaign_send_test_email, subscriber_send_confirmation
from trust.services.consents import (
    Kind,
    consents_mark_withdrawn,
    newsletter_consent_confirm,
    newsletter_consent_record,
)

CONFIRMATION_EMAIL_INTERVAL = timedelta(hours=1)


def _normalise(email):
    return email.strip().lower()


def subscriber_subscribe(*, email, consent_text, source_page="", ip_address=None):
    """Record a sign-up and send the confirmation email (double opt-in).

    Answers the same whether the address is new, pending or confirmed, so nobody can learn
    who is subscribed, and emails an address at most once an hour. Someone who had
    unsubscribed starts again as pending, with the new consent recorded.
    """
    arguments = {"email": email, "consent_text": consent_text, "source_page": source_page}
    arguments["ip_address"] = ip_address
    try:
        return _subscribe(**arguments)
    except IntegrityError:
        # A concurrent request inserted the same new address first: for us it is now a repeat.
        return _subscribe(**arguments)


@transaction.atomic
def _subscribe(*, email, consent_text, source_page, ip_address):
    # The footer form is on every page: one locked lookup, then at most one write of the
    # subscriber (an INSERT or an UPDATE of the changed fields) and one of the consent ledger.
    now = timezone.now()
    email = _normalise(email)
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email)
    elif subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber
    changed = set()
    gives_consent = subscriber.pk is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED
    if gives_consent:
        consent = {
            "consent_text": str(consent_text),
            "source_page": source_page[:500],
            "ip_address": ip_address or None,
            "consented_at": now,
            "status": Subscriber.Status.PENDING,
            "confirmed_at": None,
        }
        for field, value in consent.items():
            setattr(subscriber, field, value)
        changed |= consent.keys()
    last = subscriber.last_emailed_at
    is_email_due = last is None or now - last >= CONFIRMATION_EMAIL_INTERVAL
    if is_email_due:
        subscriber.last_emailed_at = now
        changed.add("last_emailed_at")
    if changed:
        # Uniqueness is the lookup above (and the database's index); each check constraint is
        # mirrored in clean(), so none needs a query of its own here.
        subscriber.full_clean(validate_unique=False, validate_constraints=False)
        if subscriber.pk is None:
            subscriber.save(force_insert=True)
        else:
            subscriber.save(update_fields=changed)
    if gives_consent:
        newsletter_consent_record(email=email, wording=consent_text, source_page=source_page)
    if is_email_due:
        transaction.on_commit(partial(subscriber_send_confirmation.enqueue, subscriber.pk))
    return subscriber


@transaction.atomic
def subscriber_confirm(*, subscriber_id, email):
    """Confirm a pending address from its signed link. A confirmed one stays as it is;
    an unsubscribed or unknown one needs a new sign-up, so the link is refused. The
    consent ledger records the confirmation (double opt-in)."""
    subscribers = Subscriber.objects.select_for_update()
    subscriber = subscribers.filter(pk=subscriber_id, email=_normalise(email)).first()
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        raise ValidationError(_("This confirmation link is no longer valid. Please subscribe again."))
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.full_clean()
        subscriber.save()
        newsletter_consent_confirm(
            email=subscriber.email, wording=subscriber.consent_text, source_page=subscriber.source_page
        )
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, email):
    """Take an address off the list at once, until the person subscribes (and confirms) again.
    An unknown address is a quiet no-op, so the answer never reveals who is subscribed."""
    subscriber = Subscriber.objects.select_for_update().filter(email=_normalise(email)).first()
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return subscriber
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = timezone.now()
    subscriber.full_clean()
    subscriber.save()
    consents_mark_withdrawn(kind=Kind.NEWSLETTER, email=subscriber.email)
    return subscriber


def campaign_send_test(*, campaign, email):
    """Send one copy of a campaign to a staff member, recording no delivery."""
    transaction.on_commit(partial(campaign_send_test_email.enqueue, campaign.pk, email))


@transaction.atomic
def campaign_send(*, campaign):
    """Queue the campaign for every confirmed subscriber who has not yet received it.

    Calling it again resumes an interrupted send: those already sent are skipped, so nobody
    gets the same campaign twice. Returns the number of recipients queued.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.send_started_at is None:
        campaign.send_started_at = timezone.now()
        campaign.save(update_fields=["send_started_at"])
    already_sent = CampaignDelivery.objects.filter(campaign=campaign, status=CampaignDelivery.Status.SENT)
    recipient_ids = list(
        Subscriber.objects.confirmed()
        .exclude(pk__in=already_sent.values("subscriber_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    size = settings.NEWSLETTER_BATCH_SIZE
    for start in range(0, len(recipient_ids), size):
        batch = recipient_ids[start : start + size]
        transaction.on_commit(partial(campaign_send_batch.enqueue, campaign.pk, batch))
    return len(recipient_ids)


def campaign_delivery_send(*, campaign, subscriber_id, connection=None):
    """Send one recipient their copy, once. The subscriber row is locked while sending, so two
    workers on the same batch cannot both send; a failure is recorded for a later resume."""
    with transaction.atomic():
        subscriber = Subscriber.objects.confirmed().select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None:
            return None
        delivery = CampaignDelivery.objects.filter(campaign=campaign, subscriber=subscriber).first()
        if delivery is None:
            delivery = CampaignDelivery(campaign=campaign, subscriber=subscriber)
        elif delivery.status == CampaignDelivery.Status.SENT:
            return delivery
        try:
            campaign_message(campaign, subscriber.email, connection=connection).send()
        except Exception as error:  # noqa: BLE001 - any mail failure is recorded, then retried on resume
            delivery.status = CampaignDelivery.Status.FAILED
            delivery.error = f"{type(error).__name__}: {error}"[:2000]
        else:
            delivery.status = CampaignDelivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.error = ""
        delivery.full_clean()
        delivery.save()
        return delivery
