"""Writes to the newsletter list, with their rules."""

from django.db import transaction

from newsletter.models import Subscriber


@transaction.atomic
def subscriber_subscribe(*, email, consent_text, source_page="", ip_address=None):
    """Record a sign-up as pending. Answers the same whether the address is new or known."""
    subscriber, created = Subscriber.objects.get_or_create(
        email=email.strip().lower(),
        defaults={
            "consent_text": str(consent_text),
            "source_page": source_page[:500],
            "ip_address": ip_address,
        },
    )
    return subscriber
