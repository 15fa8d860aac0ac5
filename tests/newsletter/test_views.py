"""Confirmation and unsubscribe links, through the test client."""

import re

import pytest
from django.core import signing
from django.test import Client
from pytest_django.asserts import assertContains, assertRedirects

from newsletter.models import Subscriber
from newsletter.tokens import CONFIRM_SALT, confirm_token_make, unsubscribe_token_make
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def _path(url):
    return re.sub(r"^https?://[^/]+", "", url)


def _confirm_link_from(message):
    return _path(re.search(r"https?://\S+/newsletter/confirm/\S+/", message.body).group(0))


@pytest.fixture
def confirm_link(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/subscribe/", {"email": "new@example.com", "next": "/topics/"})
    return _confirm_link_from(mailoutbox[0])


def test_confirmation_email_has_a_text_and_an_html_part_with_the_link(confirm_link, mailoutbox):
    message = mailoutbox[0]
    assert message.to == ["new@example.com"]
    assert "Confirm" in message.subject
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert confirm_link in html


def test_opening_the_confirmation_link_asks_and_does_not_write(client, confirm_link):
    response = client.get(confirm_link)
    assertContains(response, "<h1>Confirm your subscription</h1>")
    assertContains(response, "Confirm my subscription")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_confirming_by_post_confirms_and_shows_confirmed(client, confirm_link):
    response = client.post(confirm_link, follow=True)
    assertRedirects(response, confirm_link)
    assertContains(response, "<h1>Subscription confirmed</h1>")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None


def test_confirming_needs_a_csrf_token(confirm_link):
    response = Client(enforce_csrf_checks=True).post(confirm_link)
    assert response.status_code == 403
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_reused_confirmation_link_says_already_confirmed(client, confirm_link):
    client.post(confirm_link)
    assertContains(client.get(confirm_link), "<h1>Subscription confirmed</h1>")
    assertContains(client.post(confirm_link, follow=True), "<h1>Subscription confirmed</h1>")


def test_tampered_confirmation_link_is_a_clear_400(client, confirm_link):
    token = confirm_link.rstrip("/").rsplit("/", 1)[1]
    response = client.get(f"/newsletter/confirm/{token[:-2]}xx/")
    assertContains(response, "This link does not work", status_code=400)
    response = client.post(f"/newsletter/confirm/{token[:-2]}xx/")
    assertContains(response, "This link does not work", status_code=400)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_garbage_confirmation_token_is_a_clear_400(client):
    assertContains(client.get("/newsletter/confirm/not-a-token/"), "This link does not work", status_code=400)


def test_token_signed_with_another_payload_shape_is_a_clear_400(client):
    token = signing.dumps(["not", "a", "dict"], salt=CONFIRM_SALT)
    assertContains(client.get(f"/newsletter/confirm/{token}/"), "This link does not work", status_code=400)


def test_expired_confirmation_link_says_so(client, confirm_link, settings):
    settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    response = client.post(confirm_link)
    assertContains(response, "has expired", status_code=400)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_unsubscribe_token_cannot_confirm(client):
    subscriber = SubscriberFactory(status="pending")
    response = client.post(f"/newsletter/confirm/{unsubscribe_token_make(subscriber.email)}/")
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_old_confirmation_link_does_not_resubscribe_after_unsubscribing(client):
    subscriber = SubscriberFactory(status="unsubscribed")
    link = f"/newsletter/confirm/{confirm_token_make(subscriber)}/"
    assertContains(client.get(link), "This link does not work", status_code=400)
    assertContains(client.post(link), "This link does not work", status_code=400)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribe_get_shows_a_button_and_does_not_write(client):
    subscriber = SubscriberFactory(email="reader@example.com")
    response = client.get(f"/newsletter/unsubscribe/{unsubscribe_token_make(subscriber.email)}/")
    assertContains(response, "Stop sending the newsletter to reader@example.com?")
    assertContains(response, '<form method="post">')
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_unsubscribe_post_from_the_page_unsubscribes_at_once(client):
    subscriber = SubscriberFactory(email="reader@example.com")
    response = client.post(f"/newsletter/unsubscribe/{unsubscribe_token_make(subscriber.email)}/")
    assertContains(response, "<h1>You are unsubscribed</h1>")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_one_click_unsubscribe_post_works_without_csrf_token_or_login():
    subscriber = SubscriberFactory(email="reader@example.com")
    response = Client(enforce_csrf_checks=True).post(
        f"/newsletter/unsubscribe/{unsubscribe_token_make(subscriber.email)}/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribing_an_unknown_address_looks_like_success(client):
    response = client.post(f"/newsletter/unsubscribe/{unsubscribe_token_make('ghost@example.com')}/")
    assertContains(response, "<h1>You are unsubscribed</h1>")
    assert not Subscriber.objects.exists()


def test_tampered_unsubscribe_link_is_a_clear_400_and_writes_nothing(client):
    subscriber = SubscriberFactory(email="reader@example.com")
    token = unsubscribe_token_make(subscriber.email)
    response = client.post(f"/newsletter/unsubscribe/{token[:-2]}xx/")
    assertContains(response, "This link does not work", status_code=400)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_confirmation_token_cannot_unsubscribe(client):
    subscriber = SubscriberFactory()
    response = client.post(f"/newsletter/unsubscribe/{confirm_token_make(subscriber)}/")
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize("role", ["anonymous", "patient", "staff"])
def test_links_work_the_same_for_every_role(client, role):
    from tests.factories import UserFactory

    if role != "anonymous":
        client.force_login(UserFactory(is_staff=role == "staff"))
    subscriber = SubscriberFactory(status="pending")
    assert client.get(f"/newsletter/confirm/{confirm_token_make(subscriber)}/").status_code == 200
    assert (
        client.get(f"/newsletter/unsubscribe/{unsubscribe_token_make(subscriber.email)}/").status_code == 200
    )


def test_confirm_and_unsubscribe_pages_cost_one_query(client, django_assert_num_queries):
    subscriber = SubscriberFactory(status="pending")
    with django_assert_num_queries(1):
        client.get(f"/newsletter/confirm/{confirm_token_make(subscriber)}/")
    with django_assert_num_queries(0):
        client.get(f"/newsletter/unsubscribe/{unsubscribe_token_make(subscriber.email)}/")
