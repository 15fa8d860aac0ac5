"""Staff tools: subscriber filters and CSV export, campaign test and send actions."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from pytest_django.asserts import assertContains, assertNotContains

from newsletter.models import CampaignDelivery
from tests.factories import CampaignFactory, SubscriberFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/newsletter/subscriber/"
CAMPAIGNS = "/admin/newsletter/campaign/"


@pytest.fixture
def staff_client(client):
    staff = UserFactory(email="editor@askdoc.example", is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


def test_subscriber_list_filters_by_status_and_source_page(staff_client):
    SubscriberFactory(email="confirmed@example.com", source_page="/topics/")
    SubscriberFactory(email="pending@example.com", status="pending", source_page="/")
    response = staff_client.get(SUBSCRIBERS, {"status__exact": "pending"})
    assertContains(response, "pending@example.com")
    assertNotContains(response, "confirmed@example.com")
    response = staff_client.get(SUBSCRIBERS, {"source_page": "/topics/"})
    assertContains(response, "confirmed@example.com")
    assertNotContains(response, "pending@example.com")


def test_subscriber_search_by_email(staff_client):
    SubscriberFactory(email="findme@example.com")
    SubscriberFactory(email="other@example.com")
    response = staff_client.get(SUBSCRIBERS, {"q": "findme"})
    assertContains(response, "findme@example.com")
    assertNotContains(response, "other@example.com")


def test_csv_export_lists_only_confirmed_subscribers_with_their_consent(staff_client):
    confirmed = SubscriberFactory(email="yes@example.com", source_page="/topics/", ip_address="198.51.100.1")
    pending = SubscriberFactory(email="pending@example.com", status="pending")
    gone = SubscriberFactory(email="gone@example.com", status="unsubscribed")
    response = staff_client.post(
        SUBSCRIBERS,
        {"action": "export_confirmed_csv", "_selected_action": [confirmed.pk, pending.pk, gone.pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["email"] for row in rows] == ["yes@example.com"]
    assert rows[0]["source_page"] == "/topics/"
    assert rows[0]["ip_address"] == "198.51.100.1"
    assert rows[0]["consent_text"].startswith("Yes, email me")
    assert rows[0]["confirmed_at"]


def test_csv_export_neutralises_spreadsheet_formulas(staff_client):
    subscriber = SubscriberFactory(source_page="=HYPERLINK(1)")
    response = staff_client.post(
        SUBSCRIBERS, {"action": "export_confirmed_csv", "_selected_action": [subscriber.pk]}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["source_page"] == "'=HYPERLINK(1)"


def test_staff_cannot_add_or_edit_consent_records(staff_client):
    subscriber = SubscriberFactory()
    assert staff_client.get(SUBSCRIBERS + "add/").status_code == 403
    response = staff_client.get(f"{SUBSCRIBERS}{subscriber.pk}/change/")
    assertNotContains(response, 'name="status"')
    assertNotContains(response, 'name="consent_text"')


def test_send_test_action_emails_only_the_staff_member(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriberFactory()
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            CAMPAIGNS, {"action": "send_test_to_me", "_selected_action": [campaign.pk]}, follow=True
        )
    assertContains(response, "A test is on its way to editor@askdoc.example")
    assert [m.to for m in mailoutbox] == [["editor@askdoc.example"]]
    assert not CampaignDelivery.objects.exists()


def test_send_action_sends_to_confirmed_subscribers(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriberFactory.create_batch(2)
    SubscriberFactory(status="pending")
    campaign = CampaignFactory(subject="Spring")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            CAMPAIGNS, {"action": "send_to_confirmed", "_selected_action": [campaign.pk]}, follow=True
        )
    assertContains(response, "is queued for 2 subscribers")
    assert len(mailoutbox) == 2
    assertContains(staff_client.get(CAMPAIGNS), '<td class="field-sent_count">2</td>')


def test_new_campaign_records_its_author(staff_client):
    response = staff_client.post(CAMPAIGNS + "add/", {"subject": "Hello", "body": "Hi **there**"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    from newsletter.models import Campaign

    assert Campaign.objects.get().created_by.email == "editor@askdoc.example"


def test_staff_without_newsletter_permission_cannot_send(client):
    moderator = UserFactory(is_staff=True)
    moderator.user_permissions.add(Permission.objects.get(codename="view_campaign"))
    client.force_login(moderator)
    campaign = CampaignFactory()
    response = client.post(CAMPAIGNS, {"action": "send_to_confirmed", "_selected_action": [campaign.pk]})
    assert response.status_code in {200, 302, 403}
    campaign.refresh_from_db()
    assert campaign.send_started_at is None


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    assert client.get(SUBSCRIBERS).status_code == 302


def test_delivery_list_shows_failures(staff_client):
    from django.utils import timezone

    campaign = CampaignFactory()
    CampaignDelivery.objects.create(
        campaign=campaign,
        subscriber=SubscriberFactory(email="ok@example.com"),
        status="sent",
        sent_at=timezone.now(),
    )
    CampaignDelivery.objects.create(
        campaign=campaign,
        subscriber=SubscriberFactory(email="bad@example.com"),
        status="failed",
        error="Boom",
    )
    response = staff_client.get("/admin/newsletter/campaigndelivery/", {"status__exact": "failed"})
    assertContains(response, "bad@example.com")
    assertNotContains(response, "ok@example.com")
