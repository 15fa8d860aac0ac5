"""Signed links in newsletter emails.

Confirmation links expire (settings.NEWSLETTER_CONFIRM_MAX_AGE); unsubscribe links never do,
because an old email must always let its reader leave. Both are signed with SECRET_KEY and
a salt of their own, so one kind can never be used as the other.
"""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


def confirm_token_make(subscriber):
    return signing.dumps({"id": subscriber.pk, "email": subscriber.email}, salt=CONFIRM_SALT)


def confirm_token_read(token):
    """Return (subscriber id, email); raise signing.BadSignature (or SignatureExpired)."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("id"), int) or not data.get("email"):
        raise signing.BadSignature("Malformed confirmation token")
    return data["id"], str(data["email"])


def unsubscribe_token_make(email):
    return signing.dumps(email.strip().lower(), salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token):
    """Return the email; raise signing.BadSignature."""
    email = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(email, str) or "@" not in email:
        raise signing.BadSignature("Malformed unsubscribe token")
    return email
