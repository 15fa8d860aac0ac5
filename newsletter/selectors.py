"""Reads with rules for the newsletter."""

from django.core import signing

from newsletter.models import Subscriber
from newsletter.tokens import confirm_token_read


def subscriber_for_confirm_token(token):
    """The subscriber a confirmation link was made for; BadSignature (or SignatureExpired) when the
    link is tampered with, expired, or its address is no longer on file."""
    subscriber_id, email = confirm_token_read(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id, email=email).first()
    if subscriber is None:
        raise signing.BadSignature("Unknown subscriber")
    return subscriber
