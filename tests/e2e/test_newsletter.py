"""The newsletter sign-up journey in a real browser: footer form, email link, confirmed."""

import re

import pytest
from playwright.sync_api import expect

from newsletter.models import Subscriber
from newsletter.tokens import unsubscribe_token_make
from tests.factories import SubscriberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _link_in(message, kind):
    return re.search(rf"https?://\S+(/newsletter/{kind}/\S+/)", message.body).group(1)


def test_visitor_subscribes_from_the_footer_and_confirms_from_the_email(
    page, live_server, mailoutbox, assert_accessible
):
    page.goto(live_server.url + "/topics/")
    trap = page.locator("input[name=website]").bounding_box()
    assert trap["x"] + trap["width"] <= 0, "the honeypot must be off-screen"
    page.get_by_label("Your email address").fill("  Reader@Example.com ")
    page.get_by_role("button", name="Subscribe").click()
    expect(page).to_have_url(live_server.url + "/topics/")
    expect(page.get_by_text("Check your inbox to confirm")).to_be_visible()
    assert_accessible(page)

    (message,) = mailoutbox
    assert message.to == ["reader@example.com"]
    page.goto(live_server.url + _link_in(message, "confirm"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")
    expect(page.get_by_text("Your subscription is confirmed")).to_be_visible()
    assert_accessible(page)
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_bad_address_is_explained_next_to_the_field(page, live_server, assert_accessible):
    page.goto(live_server.url + "/")
    page.get_by_label("Your email address").fill("José@exämple.com")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("Enter a valid email address")).to_be_visible()
    expect(page.get_by_label("Your email address")).to_have_value("José@exämple.com")
    assert_accessible(page)
    assert not Subscriber.objects.exists()


def test_reader_unsubscribes_from_the_link_in_an_email(page, live_server, assert_accessible):
    subscriber = SubscriberFactory(email="leaving@example.com")
    page.goto(f"{live_server.url}/newsletter/unsubscribe/{unsubscribe_token_make(subscriber.email)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_tampered_confirmation_link_shows_a_clear_page(page, live_server, assert_accessible):
    page.goto(live_server.url + "/newsletter/confirm/tampered-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page)
