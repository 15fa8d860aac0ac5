"""Campaign emails: headers, parts, and a send that resumes without duplicates."""

import re
from smtplib import SMTPServerDisconnected

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client

from newsletter.models import CampaignDelivery, Subscriber
from newsletter.services import campaign_send, campaign_send_test
from tests.factories import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(campaign):
        with django_capture_on_commit_callbacks(execute=True):
            return campaign_send(campaign=campaign)

    return run


def test_campaign_email_has_rfc_8058_headers_and_both_parts(send, mailoutbox, settings):
    settings.SITE_URL = "https://askdoc.example"
    SubscriberFactory(email="reader@example.com")
    send(CampaignFactory(subject="Spring skincare"))
    (message,) = mailoutbox
    assert message.subject == "Spring skincare"
    assert re.fullmatch(
        r"<https://askdoc\.example/newsletter/unsubscribe/[^>]+/>", message.extra_headers["List-Unsubscribe"]
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<h2>Sunscreen</h2>" in html
    assert "<strong>every day</strong>" in html
    assert "Wear it **every day**" in message.body
    assert message.extra_headers["List-Unsubscribe"][1:-1] in message.body
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()


def test_list_unsubscribe_link_unsubscribes_with_a_one_click_post(send, mailoutbox):
    subscriber = SubscriberFactory()
    send(CampaignFactory())
    url = mailoutbox[0].extra_headers["List-Unsubscribe"][1:-1]
    path = re.sub(r"^https?://[^/]+", "", url)
    response = Client(enforce_csrf_checks=True).post(
        path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_campaign_goes_only_to_confirmed_subscribers(send, mailoutbox):
    SubscriberFactory(email="yes@example.com")
    SubscriberFactory(email="pending@example.com", status="pending")
    SubscriberFactory(email="gone@example.com", status="unsubscribed")
    assert send(CampaignFactory()) == 1
    assert [m.to for m in mailoutbox] == [["yes@example.com"]]


def test_campaign_markdown_cannot_inject_script(send, mailoutbox):
    SubscriberFactory()
    send(CampaignFactory(body="Hi <script>alert(1)</script> [x](javascript:alert(1))"))
    html = mailoutbox[0].alternatives[0][0]
    assert "<script>" not in html
    assert 'href="javascript' not in html


def test_each_delivery_is_recorded_as_sent(send):
    subscribers = SubscriberFactory.create_batch(3)
    campaign = CampaignFactory()
    send(campaign)
    deliveries = CampaignDelivery.objects.filter(campaign=campaign)
    assert {d.subscriber_id for d in deliveries} == {s.pk for s in subscribers}
    assert all(d.status == "sent" and d.sent_at for d in deliveries)
    campaign.refresh_from_db()
    assert campaign.send_started_at is not None


def test_sending_again_sends_nobody_a_second_copy(send, mailoutbox):
    SubscriberFactory.create_batch(3)
    campaign = CampaignFactory()
    send(campaign)
    assert send(campaign) == 0
    assert len(mailoutbox) == 3


def test_interrupted_send_resumes_and_each_subscriber_gets_exactly_one_email(
    send, mailoutbox, monkeypatch, settings
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    confirmed = SubscriberFactory.create_batch(5)
    SubscriberFactory(status="pending")
    campaign = CampaignFactory()
    original = EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] > 3:
            raise SMTPServerDisconnected("Connection lost")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    send(campaign)
    assert len(mailoutbox) == 3
    failed = CampaignDelivery.objects.filter(campaign=campaign, status="failed")
    assert failed.count() == 2
    assert "SMTPServerDisconnected" in failed.first().error

    monkeypatch.setattr(EmailBackend, "send_messages", original)
    assert send(campaign) == 2
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted(s.email for s in confirmed)
    assert CampaignDelivery.objects.filter(campaign=campaign, status="sent").count() == 5


def test_subscriber_who_unsubscribes_mid_send_is_skipped(send, mailoutbox, monkeypatch):
    early, late = SubscriberFactory.create_batch(2)
    Subscriber.objects.filter(pk=late.pk).update(status="unsubscribed", unsubscribed_at=late.created_at)
    send(CampaignFactory())
    assert [m.to for m in mailoutbox] == [[early.email]]


def test_send_test_goes_only_to_the_staff_member_and_records_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    SubscriberFactory()
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        campaign_send_test(campaign=campaign, email="editor@askdoc.example")
    assert [m.to for m in mailoutbox] == [["editor@askdoc.example"]]
    assert "List-Unsubscribe" in mailoutbox[0].extra_headers
    assert not CampaignDelivery.objects.exists()
