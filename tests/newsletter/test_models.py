"""Each database constraint, broken on purpose."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from newsletter.models import CampaignDelivery, Subscriber
from tests.factories import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_email_is_unique_whatever_its_case():
    SubscriberFactory(email="same@example.com")
    with pytest.raises(IntegrityError):
        SubscriberFactory(email="SAME@example.com")


def test_unknown_status_is_refused_by_the_database():
    subscriber = SubscriberFactory()
    with pytest.raises(IntegrityError):
        Subscriber.objects.filter(pk=subscriber.pk).update(status="bogus")


def test_confirmed_subscriber_needs_a_confirmation_date():
    subscriber = SubscriberFactory(status="pending")
    subscriber.status = Subscriber.Status.CONFIRMED
    with pytest.raises(ValidationError, match="confirmation date"):
        subscriber.full_clean()
    with pytest.raises(IntegrityError):
        Subscriber.objects.filter(pk=subscriber.pk).update(status="confirmed", confirmed_at=None)


def test_unsubscribed_address_needs_the_date_it_left():
    subscriber = SubscriberFactory()
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    with pytest.raises(ValidationError, match="date it left"):
        subscriber.full_clean()
    with pytest.raises(IntegrityError):
        Subscriber.objects.filter(pk=subscriber.pk).update(status="unsubscribed", unsubscribed_at=None)


def test_campaign_needs_a_subject_and_a_body():
    with pytest.raises(IntegrityError):
        CampaignFactory(subject="")


def test_campaign_needs_a_body():
    with pytest.raises(IntegrityError):
        CampaignFactory(body="")


def test_one_delivery_per_campaign_and_subscriber():
    campaign, subscriber = CampaignFactory(), SubscriberFactory()
    CampaignDelivery.objects.create(campaign=campaign, subscriber=subscriber, status="failed")
    with pytest.raises(IntegrityError):
        CampaignDelivery.objects.create(
            campaign=campaign, subscriber=subscriber, status="sent", sent_at=timezone.now()
        )


def test_sent_delivery_needs_the_time_it_was_sent():
    delivery = CampaignDelivery(campaign=CampaignFactory(), subscriber=SubscriberFactory(), status="sent")
    with pytest.raises(ValidationError, match="time it was sent"):
        delivery.full_clean()
    with pytest.raises(IntegrityError):
        delivery.save()


def test_unknown_delivery_status_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        CampaignDelivery.objects.create(
            campaign=CampaignFactory(), subscriber=SubscriberFactory(), status="maybe"
        )
