"""The footer "Stay in touch" form: on every page, without JavaScript, and safe with bad input."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from newsletter.models import Subscriber
from tests.factories import DoctorFactory, QuestionFactory, SubscriberFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/newsletter/subscribe/"


def _page_urls():
    topic = TopicFactory()
    question = QuestionFactory()
    question.topics.add(topic)
    doctor = DoctorFactory()
    return ["/", "/topics/", f"/topics/{topic.slug}/", question.get_absolute_url(), doctor.get_absolute_url()]


def test_footer_form_is_on_every_kind_of_page_with_label_consent_and_honeypot(client):
    for url in _page_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assertContains(response, 'action="/newsletter/subscribe/"')
        assertContains(response, '<label class="form-label" for="id_email">Your email address</label>')
        assertContains(response, "I can unsubscribe at any time from any email")
        assertContains(response, 'class="subscribe__trap" aria-hidden="true"')
        assertContains(response, 'tabindex="-1" autocomplete="off"')
        assertContains(response, f'name="next" value="{url}"')


def test_footer_form_is_on_the_404_page(client):
    response = client.get("/no-such-page/")
    assertContains(response, "Stay in touch", status_code=404)


def test_honeypot_is_hidden_by_a_stylesheet_class_not_inline_style(client):
    response = client.get("/")
    assertNotContains(response, "style=")
    stylesheet = Path(finders.find("css/askdoc.css")).read_text()
    assert ".subscribe__trap {" in stylesheet


def test_footer_subscribe_returns_to_the_page_with_a_message(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "  Theo@Example.COM ", "next": "/topics/"}, follow=True)
    assertRedirects(response, "/topics/")
    assertContains(response, "Check your inbox to confirm")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "theo@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert [m.to for m in mailoutbox] == [["theo@example.com"]]


def test_subscribe_records_consent_wording_page_ip_and_time(client):
    client.post(SUBSCRIBE, {"email": "a@example.com", "next": "/topics/"}, REMOTE_ADDR="198.51.100.4")
    subscriber = Subscriber.objects.get()
    assert subscriber.consent_text.startswith("Yes, email me askdoc")
    assert subscriber.source_page == "/topics/"
    assert subscriber.ip_address == "198.51.100.4"
    assert subscriber.consented_at is not None
    assert subscriber.confirmed_at is None


def test_bad_address_is_explained_next_to_the_field(client):
    response = client.post(SUBSCRIBE, {"email": "not-an-address", "next": "/"})
    assert response.status_code == 400
    assertContains(response, "Enter a valid email address", status_code=400)
    assertContains(response, 'id="subscribe-email-error"', status_code=400)
    assertContains(response, 'value="not-an-address"', status_code=400)
    assert not Subscriber.objects.exists()


def test_empty_address_is_refused_with_a_message(client, mailoutbox):
    response = client.post(SUBSCRIBE, {"email": "   ", "next": "/"})
    assertContains(response, "This field is required", status_code=400)
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_500_character_address_is_refused_with_a_message(client):
    response = client.post(SUBSCRIBE, {"email": "a" * 488 + "@example.com", "next": "/"})
    assertContains(response, "at most 254 characters", status_code=400)
    assert not Subscriber.objects.exists()


def test_internationalised_domain_is_accepted(client):
    response = client.post(SUBSCRIBE, {"email": "jose@exämple.com", "next": "/"})
    assert response.status_code == 302
    assert Subscriber.objects.get().email == "jose@exämple.com"


def test_non_ascii_local_part_is_refused_like_django_emailfield(client):
    response = client.post(SUBSCRIBE, {"email": "José@exämple.com", "next": "/"})
    assertContains(response, "Enter a valid email address", status_code=400)
    assertContains(response, 'value="José@exämple.com"', status_code=400)
    assert not Subscriber.objects.exists()


def test_known_address_gets_exactly_the_same_answer_as_a_new_one(client):
    SubscriberFactory(email="known@example.com", status="confirmed")
    new = client.post(SUBSCRIBE, {"email": "new@example.com", "next": "/topics/"}, follow=True)
    known = client.post(SUBSCRIBE, {"email": "KNOWN@example.com", "next": "/topics/"}, follow=True)
    assert new.redirect_chain == known.redirect_chain
    assert [str(m) for m in new.context["messages"]] == [str(m) for m in known.context["messages"]]
    assert Subscriber.objects.filter(email__iexact="known@example.com").count() == 1


def test_filled_honeypot_answers_like_a_success_but_stores_and_sends_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SUBSCRIBE, {"email": "bot@example.com", "next": "/topics/", "website": "http://spam"}, follow=True
        )
    assertRedirects(response, "/topics/")
    assertContains(response, "Check your inbox to confirm")
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_next_cannot_redirect_off_site(client):
    response = client.post(SUBSCRIBE, {"email": "a@example.com", "next": "https://evil.example/"})
    assertRedirects(response, "/", fetch_redirect_response=False)


def test_get_on_subscribe_is_refused_and_writes_nothing(client):
    response = client.get(SUBSCRIBE, {"email": "a@example.com"})
    assert response.status_code == 405
    assert not Subscriber.objects.exists()


def test_missing_csrf_token_gets_a_styled_403_and_stores_nothing(mailoutbox):
    client = Client(enforce_csrf_checks=True)
    response = client.post(SUBSCRIBE, {"email": "a@example.com", "next": "/"})
    assertContains(response, "<h1>Your form expired</h1>", status_code=403)
    assertContains(response, "Stay in touch", status_code=403)
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


# The footer form is on every page, so its POST is kept cheap. Counted inside the test's
# transaction, the service's own transaction shows as a SAVEPOINT and its RELEASE (two
# statements that a real request does not send); the confirmation email's task is counted too.


def test_subscribing_a_new_address_costs_one_lookup_two_inserts_and_the_email_task(
    client, django_assert_num_queries, django_capture_on_commit_callbacks, mailoutbox
):
    # SAVEPOINT, the address locked, the subscriber, the consent record, RELEASE; the task
    # reads the subscriber (the database backend's enqueue is one INSERT instead).
    with django_assert_num_queries(6), django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "new@example.com", "next": "/topics/"})
    assertRedirects(response, "/topics/", fetch_redirect_response=False)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("status", ["pending", "confirmed"])
def test_subscribing_a_known_address_again_is_one_lookup(
    client, status, django_assert_num_queries, django_capture_on_commit_callbacks, mailoutbox
):
    SubscriberFactory(email="known@example.com", status=status, last_emailed_at=timezone.now())
    # SAVEPOINT, the address locked, RELEASE: nothing to write, no email within the hour.
    with django_assert_num_queries(3), django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "Known@example.com", "next": "/topics/"})
    assertRedirects(response, "/topics/", fetch_redirect_response=False)
    assert mailoutbox == []


def test_a_signed_in_visitor_subscribing_adds_only_their_session_and_user(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory())
    with django_assert_num_queries(6 + 2), django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE, {"email": "new@example.com", "next": "/topics/"})


def test_an_anonymous_subscriber_gets_no_session_row(client):
    """The thank-you message travels in a cookie: a session row per visitor who subscribes
    would cost writes and keep them off the cached pages for weeks."""
    response = client.post(SUBSCRIBE, {"email": "new@example.com", "next": "/topics/"}, follow=True)
    assertContains(response, "Check your inbox to confirm")
    assert not Session.objects.exists()
    assert settings.SESSION_COOKIE_NAME not in client.cookies
