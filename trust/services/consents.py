"""The consent ledger: every consent given, with its exact wording and version, and its withdrawal.

Each flow that asks for consent calls `user_consent_record` or `newsletter_consent_record`; withdrawing
a record here also stops what the consent allowed (emails, public photos).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trust.models import ConsentRecord

Kind = ConsentRecord.Kind

# The wording shown with each consent, and its version: change the version with the wording.
ANSWER_EMAILS_WORDING = "Email me when a doctor answers or replies."
ANSWER_EMAILS_VERSION = "2026-01"
PHOTO_USE_WORDING = (
    "Show my photos to everyone who reads my question (they are re-encoded without location or camera data)."
)
PHOTO_USE_VERSION = "2026-01"
NEWSLETTER_VERSION = "2026-01"
# The consents a signed-in person gives with a checkbox of fixed wording (the newsletter's
# wording comes from the form that asked, so it is passed in).
USER_CONSENT_WORDINGS = {
    Kind.ANSWER_EMAILS: (ANSWER_EMAILS_WORDING, ANSWER_EMAILS_VERSION),
    Kind.PHOTO_USE: (PHOTO_USE_WORDING, PHOTO_USE_VERSION),
}


def consent_record(*, kind, wording, version, user=None, email="", source_page=""):
    """Record one consent. Needs a user or an email address."""
    record = ConsentRecord(
        user=user if user is not None and user.is_authenticated else None,
        email=(email or (user.email if user is not None and user.is_authenticated else "")).strip().lower(),
        kind=kind,
        wording=str(wording),
        version=version,
        source_page=(source_page or "")[:500],
        given_at=timezone.now(),
    )
    # clean() mirrors each check constraint, so none needs a query of its own (four per record).
    record.full_clean(validate_constraints=False)
    record.save()
    return record


def newsletter_consent_record(*, email, wording, source_page=""):
    return consent_record(
        kind=Kind.NEWSLETTER,
        wording=wording,
        version=NEWSLETTER_VERSION,
        email=email,
        source_page=source_page,
    )


@transaction.atomic
def newsletter_consent_confirm(*, email, wording, source_page=""):
    """The person confirmed their newsletter subscription from the emailed link (double
    opt-in): their active newsletter consent is marked confirmed now. Without one (it was
    withdrawn, or predates the ledger), the consent is recorded as given and confirmed now,
    with the wording they signed up with. Idempotent: a confirmed consent keeps its date."""
    now = timezone.now()
    records = ConsentRecord.objects.active().filter(kind=Kind.NEWSLETTER, email__iexact=email.strip())
    record = records.select_for_update().order_by("-given_at", "-id").first()
    if record is None:
        record = newsletter_consent_record(email=email, wording=wording, source_page=source_page)
    if record.confirmed_at is None:
        record.confirmed_at = max(now, record.given_at)
        record.save(update_fields=["confirmed_at"])
    return record


def user_consent_record(*, kind, user, source_page=""):
    """Record a signed-in person's consent of `kind` (answer emails, photo use) with the
    wording and version the site shows for it (USER_CONSENT_WORDINGS)."""
    wording, version = USER_CONSENT_WORDINGS[kind]
    return consent_record(kind=kind, wording=wording, version=version, user=user, source_page=source_page)


def consents_mark_withdrawn(*, kind, user=None, email=""):
    """Mark a person's active consents of `kind` withdrawn (when they opt out elsewhere,
    e.g. the newsletter's unsubscribe link or the settings checkbox)."""
    records = ConsentRecord.objects.active().filter(kind=kind)
    records = records.of_user(user) if user is not None else records.filter(email__iexact=email)
    return records.update(withdrawn_at=timezone.now())


@transaction.atomic
def consent_withdraw(*, record, user):
    """The patient withdraws a consent from their account page, and what it allowed stops:
    no more newsletters, no more answer emails, their photos shown only to doctors."""
    from accounts.services import user_answer_emails_off
    from newsletter.services import subscriber_unsubscribe
    from questions.models import QuestionPhoto

    record = ConsentRecord.objects.of_user(user).select_for_update().filter(pk=record.pk).first()
    if record is None:
        raise ConsentRecord.DoesNotExist
    if record.withdrawn_at is not None:
        raise ValidationError(_("You already withdrew this consent."))
    if record.kind == Kind.NEWSLETTER:
        subscriber_unsubscribe(email=record.email or user.email)
        consents_mark_withdrawn(kind=Kind.NEWSLETTER, email=record.email or user.email)
    elif record.kind == Kind.ANSWER_EMAILS:
        user_answer_emails_off(user=user)
        consents_mark_withdrawn(kind=Kind.ANSWER_EMAILS, user=user)
    elif record.kind == Kind.PHOTO_USE:
        # One save per photo (a patient has a handful), not a bulk update: the signals that
        # take cached pages down must see each change.
        for photo in QuestionPhoto.objects.filter(question__author=user, is_public=True):
            photo.is_public = False
            photo.save(update_fields=["is_public"])
        consents_mark_withdrawn(kind=Kind.PHOTO_USE, user=user)
    record.refresh_from_db()
    return record
