"""Writes to accounts, with their rules."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from trust.services.consents import Kind, consents_mark_withdrawn, user_consent_record

UNSUBSCRIBE_SALT = "accounts.notifications-off"


def notifications_unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def notifications_unsubscribe_url(user):
    """The absolute, signed link that turns off answer emails for `user` without logging in."""
    path = reverse("accounts:notifications_off", kwargs={"token": notifications_unsubscribe_token(user)})
    return f"{settings.SITE_URL}{path}"


def user_from_unsubscribe_token(token):
    """The user a signed unsubscribe token was made for, else User.DoesNotExist."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise User.DoesNotExist from None
    return User.objects.get(pk=pk, is_active=True)


def user_settings_update(*, user, display_name, wants_answer_emails, source_page=""):
    """Update a user's public name and email choice. The name is public, so it is never an email.
    Switching answer emails on records the consent in the ledger; switching off withdraws it."""
    # A ModelForm has already set the new value on `user`: the stored one says what changed.
    was_on = User.objects.filter(pk=user.pk).values_list("wants_answer_emails", flat=True).first()
    user.display_name = display_name
    user.wants_answer_emails = wants_answer_emails
    user.full_clean()
    user.save(update_fields=["display_name", "wants_answer_emails"])
    if wants_answer_emails and not was_on:
        user_consent_record(kind=Kind.ANSWER_EMAILS, user=user, source_page=source_page)
    elif was_on and not wants_answer_emails:
        consents_mark_withdrawn(kind=Kind.ANSWER_EMAILS, user=user)
    return user


def user_answer_emails_off(*, user):
    """Stop answer and reply emails to `user` (from the signed link in those emails)."""
    User.objects.filter(pk=user.pk).update(wants_answer_emails=False)
    user.wants_answer_emails = False
    consents_mark_withdrawn(kind=Kind.ANSWER_EMAILS, user=user)
    return user


@transaction.atomic
def user_delete(*, user):
    """Delete a patient's account.

    Doctors' answers stay readable: the patient's questions and replies are kept but lose
    their author (SET_NULL) and public name ("Asked by a patient"); their photos are deleted
    with their files. A doctor's account is deactivated by staff, never deleted here.
    """
    from answers.models import Reply
    from questions.models import Question, QuestionPhoto

    if hasattr(user, "doctor_profile"):
        raise ValidationError(_("A doctor's account cannot be deleted here; please contact us."))
    photos = list(QuestionPhoto.objects.filter(question__author=user))
    for photo in photos:
        transaction.on_commit(photo.delete_files)
    QuestionPhoto.objects.filter(pk__in=[p.pk for p in photos]).delete()
    # Bulk updates send no signals: the post_delete of `user` below takes the cached pages
    # down (askdoc/signals.py), and the search index holds no author. The pages changed, so
    # their sitemap and feed dates move: search engines recrawl them and drop the name. (The
    # user's replies are all on their own questions: only the asker and doctors reply.)
    Question.objects.filter(author=user).update(author_display_name="", author=None, updated_at=Now())
    Reply.objects.filter(author=user).update(author_display_name="", author=None)
    user.delete()
