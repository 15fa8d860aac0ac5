from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from newsletter.models import Subscriber
from newsletter.services import subscriber_confirm, subscriber_subscribe, subscriber_unsubscribe
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribe(django_capture_on_commit_callbacks):
    def run(email, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return subscriber_subscribe(email=email, consent_text="I agree.", **kwargs)

    return run


def test_subscribe_normalises_case_and_whitespace(subscribe):
    assert subscribe("  Mixed.Case@Example.COM\t").email == "mixed.case@example.com"


def test_subscribing_twice_keeps_one_row_and_sends_one_email_per_hour(subscribe, mailoutbox):
    subscribe("a@example.com")
    subscribe("A@example.com ")
    assert Subscriber.objects.count() == 1
    assert len(mailoutbox) == 1
    assert Subscriber.objects.get().last_emailed_at is not None


def test_pending_address_is_emailed_again_after_an_hour(subscribe, mailoutbox):
    subscriber = subscribe("a@example.com")
    Subscriber.objects.filter(pk=subscriber.pk).update(last_emailed_at=timezone.now() - timedelta(minutes=61))
    subscribe("a@example.com")
    assert len(mailoutbox) == 2


def test_pending_address_is_not_emailed_again_within_the_hour(subscribe, mailoutbox):
    subscriber = subscribe("a@example.com")
    Subscriber.objects.filter(pk=subscriber.pk).update(last_emailed_at=timezone.now() - timedelta(minutes=59))
    subscribe("a@example.com")
    assert len(mailoutbox) == 1


def test_confirmed_address_is_neither_changed_nor_emailed(subscribe, mailoutbox):
    existing = SubscriberFactory(email="c@example.com", source_page="/original/")
    subscribe("c@example.com", source_page="/elsewhere/", ip_address="198.51.100.9")
    existing.refresh_from_db()
    assert existing.status == Subscriber.Status.CONFIRMED
    assert existing.source_page == "/original/"
    assert mailoutbox == []


def test_resubscribing_after_unsubscribing_needs_confirmation_again(subscribe, mailoutbox):
    SubscriberFactory(email="u@example.com", status="unsubscribed")
    subscriber = subscribe("u@example.com", source_page="/topics/")
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmed_at is None
    assert subscriber.source_page == "/topics/"
    assert subscriber.consent_text == "I agree."
    assert len(mailoutbox) == 1


def test_confirm_makes_a_pending_address_confirmed_with_a_date():
    subscriber = SubscriberFactory(status="pending")
    subscriber_confirm(subscriber_id=subscriber.pk, email=subscriber.email)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None


def test_confirm_twice_keeps_the_first_confirmation_date():
    subscriber = SubscriberFactory(status="pending")
    first = subscriber_confirm(subscriber_id=subscriber.pk, email=subscriber.email).confirmed_at
    second = subscriber_confirm(subscriber_id=subscriber.pk, email=subscriber.email).confirmed_at
    assert first == second


def test_confirm_refuses_an_unsubscribed_address():
    subscriber = SubscriberFactory(status="unsubscribed")
    with pytest.raises(ValidationError):
        subscriber_confirm(subscriber_id=subscriber.pk, email=subscriber.email)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_confirm_refuses_a_mismatched_email():
    subscriber = SubscriberFactory(status="pending")
    with pytest.raises(ValidationError):
        subscriber_confirm(subscriber_id=subscriber.pk, email="other@example.com")


def test_unsubscribe_is_immediate_and_dated():
    subscriber = SubscriberFactory(email="leave@example.com")
    subscriber_unsubscribe(email="Leave@Example.com")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert not Subscriber.objects.confirmed().exists()


def test_unsubscribing_an_unknown_address_is_a_quiet_no_op():
    assert subscriber_unsubscribe(email="nobody@example.com") is None
    assert not Subscriber.objects.exists()


def test_service_refuses_a_malformed_address_and_leaves_no_half_record(subscribe, mailoutbox):
    with pytest.raises(ValidationError):
        subscribe("not-an-address")
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_a_new_address_inserted_meanwhile_by_another_request_is_answered_as_a_repeat(
    subscribe, monkeypatch, mailoutbox
):
    from django.db.models.query import QuerySet

    from trust.models import ConsentRecord

    SubscriberFactory(email="race@example.com", status="pending", last_emailed_at=timezone.now())
    first, missed = QuerySet.first, []

    def miss_once(queryset):
        # The other request's row was not yet committed when this one looked.
        if queryset.model is Subscriber and not missed:
            missed.append(queryset)
            return None
        return first(queryset)

    monkeypatch.setattr(QuerySet, "first", miss_once)
    subscriber = subscribe("race@example.com")

    assert missed
    assert Subscriber.objects.get() == subscriber
    assert not ConsentRecord.objects.exists()  # the failed insert's attempt left nothing behind
    assert mailoutbox == []  # the other request's email is within the hour
