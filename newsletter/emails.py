"""Builds newsletter messages (never sends them: tasks do)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from askdoc.markdown import render_markdown
from newsletter.tokens import confirm_token_make, unsubscribe_token_make


def _absolute(path):
    return settings.SITE_URL + path


def unsubscribe_url(email):
    return _absolute(reverse("newsletter:unsubscribe", args=[unsubscribe_token_make(email)]))


def confirmation_message(subscriber):
    context = {
        "confirm_url": _absolute(reverse("newsletter:confirm", args=[confirm_token_make(subscriber)])),
        "max_age_hours": settings.NEWSLETTER_CONFIRM_MAX_AGE // 3600,
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=render_to_string("newsletter/email/confirm_subject.txt", context).strip(),
        body=render_to_string("newsletter/email/confirm.txt", context),
        to=[subscriber.email],
    )
    message.attach_alternative(render_to_string("newsletter/email/confirm.html", context), "text/html")
    return message


def campaign_message(campaign, email, *, connection=None):
    """A campaign email with the RFC 8058 one-click unsubscribe headers."""
    link = unsubscribe_url(email)
    context = {
        "campaign": campaign,
        "body_html": render_markdown(campaign.body),
        "unsubscribe_url": link,
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=campaign.subject,
        body=render_to_string("newsletter/email/campaign.txt", context),
        to=[email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        connection=connection,
    )
    message.attach_alternative(render_to_string("newsletter/email/campaign.html", context), "text/html")
    return message
