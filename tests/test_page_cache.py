"""Anonymous pages come from the cache, and any change to what they show is seen at once."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from answers.services import answer_create, reply_create
from moderation.services import post_hide, post_restore
from questions.services import question_update
from tests.factories import (
    AnswerFactory,
    DoctorFactory,
    QuestionFactory,
    ReplyFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    question = QuestionFactory(title="Is retinol safe after a peel?")
    assert _get(client, question.get_absolute_url())["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        response = _get(Client(), question.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assertContains(response, "Is retinol safe after a peel?")


@pytest.mark.parametrize("url_name", ["home", "questions:topic_list"])
def test_list_pages_are_cached_for_anonymous_readers(client, url_name):
    _get(client, reverse(url_name))
    assert _get(Client(), reverse(url_name))["X-Page-Cache"] == "hit"


def test_a_new_answer_shows_on_the_next_request(client):
    question = QuestionFactory()
    _get(client, question.get_absolute_url())
    _get(client, "/")
    answer_create(question=question, doctor=DoctorFactory(), body="Wait **two weeks** first.")
    response = _get(client, question.get_absolute_url())
    assertContains(response, "Wait <strong>two weeks</strong> first.")
    assert response["X-Page-Cache"] == "miss"
    assertContains(_get(client, "/"), "1 answer")


def test_a_new_reply_shows_on_the_next_request(client):
    answer = AnswerFactory()
    _get(client, answer.question.get_absolute_url())
    later = answer.created_at + timezone.timedelta(minutes=1)
    reply_create(answer=answer, author=answer.question.author, body="Thank you, doctor.", created_at=later)
    assertContains(_get(client, answer.question.get_absolute_url()), "Thank you, doctor.")


def test_hiding_and_restoring_an_answer_shows_at_once(client):
    moderator = UserFactory(is_staff=True)
    answer = AnswerFactory(body="Try a *gentle* cleanser.")
    url = answer.question.get_absolute_url()
    assertContains(_get(client, url), "gentle")
    post_hide(post=answer, by=moderator, reason="Needs a source.")
    assertNotContains(_get(client, url), "gentle")
    post_restore(post=answer, by=moderator)
    assertContains(_get(client, url), "gentle")


def test_hiding_a_question_takes_its_cached_page_down_at_once(client):
    question = QuestionFactory()
    _get(client, question.get_absolute_url())
    post_hide(post=question, by=UserFactory(is_staff=True), reason="Spam.")
    assert client.get(question.get_absolute_url()).status_code == 404


def test_an_askers_edit_shows_at_once(client):
    question = QuestionFactory(title="Old title")
    _get(client, "/")
    question_update(question=question, title="New title", body=question.body)
    assertContains(_get(client, "/"), "New title")


def test_a_doctors_new_name_shows_on_every_cached_page(client):
    answer = AnswerFactory(doctor=DoctorFactory(name="Ada Lee"))
    url = answer.question.get_absolute_url()
    assertContains(_get(client, url), "Dr Ada Lee")
    answer.doctor.name = "Ada Lee-Smith"
    answer.doctor.save()
    assertContains(_get(client, url), "Dr Ada Lee-Smith")
    assertContains(_get(client, answer.doctor.get_absolute_url()), "Dr Ada Lee-Smith")


def test_a_deleted_accounts_name_leaves_its_cached_question_page_at_once(
    client, django_capture_on_commit_callbacks
):
    # Deleting an account anonymises its questions and replies with bulk updates, which
    # send no signals: the account's own post_delete must take the cached pages down.
    patient = UserFactory(display_name="Theo Hill")
    question = QuestionFactory(author=patient)
    ReplyFactory(answer=AnswerFactory(question=question), author=patient, body="Thank you, doctor.")
    url = question.get_absolute_url()
    _get(client, url)
    assert _get(client, url)["X-Page-Cache"] == "hit"

    patients_browser = Client()
    patients_browser.force_login(patient)
    with django_capture_on_commit_callbacks(execute=True):
        response = patients_browser.post(
            reverse("accounts:delete"), {"password": "correct-horse-battery", "confirm": "on"}
        )
    assert response.status_code == 302

    page = _get(client, url)
    assertNotContains(page, "Theo Hill")
    assertContains(page, "Asked by a patient")
    assertContains(page, "Thank you, doctor.")


def test_a_new_topic_on_a_question_shows_at_once(client):
    question = QuestionFactory()
    _get(client, question.get_absolute_url())
    question.topics.add(TopicFactory(name="Microneedling"))
    assertContains(_get(client, question.get_absolute_url()), "Microneedling")


def test_signed_in_users_never_get_or_leave_a_cached_page(client):
    question = QuestionFactory()
    _get(Client(), question.get_absolute_url())  # an anonymous copy is now cached
    client.force_login(UserFactory(display_name="Mira"))
    response = _get(client, question.get_absolute_url())
    assert "X-Page-Cache" not in response
    assertContains(response, "Log out")
    anonymous = _get(Client(), question.get_absolute_url())
    assert anonymous["X-Page-Cache"] == "hit"
    assertNotContains(anonymous, "Log out")


def _csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_the_footer_form_posts_from_a_cached_page_with_csrf_enforced():
    question = QuestionFactory()
    url = question.get_absolute_url()
    first = Client(enforce_csrf_checks=True)
    first_token = _csrf_token(_get(first, url))
    visitor = Client(enforce_csrf_checks=True)
    cached = _get(visitor, url)
    assert cached["X-Page-Cache"] == "hit"
    token = _csrf_token(cached)
    assert token != first_token
    assert "csrftoken" in cached.cookies
    response = visitor.post(
        reverse("newsletter:subscribe"),
        {"email": "reader@example.com", "next": url, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    # Its message is shown on the page it returns to (never a cached copy), then gone.
    after = visitor.get(url)
    assertContains(after, "Check your inbox to confirm")
    assert "X-Page-Cache" not in after
    assertNotContains(visitor.get(url), "Check your inbox to confirm")


def test_a_cached_page_refuses_a_post_without_the_visitors_own_token():
    question = QuestionFactory()
    _get(Client(), question.get_absolute_url())
    visitor = Client(enforce_csrf_checks=True)
    _get(visitor, question.get_absolute_url())
    response = visitor.post(reverse("newsletter:subscribe"), {"email": "reader@example.com"})
    assert response.status_code == 403


def test_page_caching_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    _get(client, "/")
    assert "X-Page-Cache" not in _get(client, "/")


def test_a_hidden_question_leaves_the_related_questions_of_other_cached_pages(client):
    shown = QuestionFactory(title="Redness after a chemical peel on dry skin")
    other = QuestionFactory(title="Redness after a chemical peel, is it normal?")
    assertContains(_get(client, shown.get_absolute_url()), other.get_absolute_url())
    post_hide(post=other, by=UserFactory(is_staff=True), reason="Personal details.")
    response = _get(client, shown.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assertNotContains(response, other.get_absolute_url())


def test_a_renamed_question_is_renamed_in_the_related_questions_of_other_cached_pages(client):
    shown = QuestionFactory(title="Redness after a chemical peel on dry skin")
    other = QuestionFactory(title="Redness after a chemical peel, is it normal?")
    assertContains(_get(client, shown.get_absolute_url()), "is it normal?")
    question_update(question=other, title="Redness after a chemical peel lasting a week", body=other.body)
    response = _get(client, shown.get_absolute_url())
    assertContains(response, "lasting a week")
    assertNotContains(response, "is it normal?")


def test_a_new_post_elsewhere_leaves_cached_question_pages_alone(client):
    question, elsewhere, doctor = QuestionFactory(), QuestionFactory(), DoctorFactory()
    _get(client, question.get_absolute_url())
    answer_create(question=elsewhere, doctor=doctor, body="Use a moisturiser first.")
    QuestionFactory(author=elsewhere.author)
    assert _get(client, question.get_absolute_url())["X-Page-Cache"] == "hit"


def test_search_results_are_cached_and_a_new_answer_shows_at_once(client):
    question = QuestionFactory(title="Peeling skin after tretinoin")
    url = reverse("search:search") + "?q=tretinoin"
    assertContains(_get(client, url), question.get_absolute_url())
    assert _get(Client(), url)["X-Page-Cache"] == "hit"
    answer_create(question=question, doctor=DoctorFactory(), body="Use a moisturiser first.")
    response = _get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assertContains(response, "1 answer")


def test_a_cached_page_keeps_the_security_headers_and_refuses_unknown_hosts(client):
    url = QuestionFactory().get_absolute_url()
    miss = _get(client, url)
    hit = _get(Client(), url)
    assert hit["X-Page-Cache"] == "hit"
    headers = ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "X-Content-Type-Options")
    for header in headers:
        assert hit[header] == miss[header]
    assert Client().get(url, headers={"host": "evil.example"}).status_code == 400


def test_a_cached_page_keeps_a_returning_visitors_csrf_cookie_and_their_post_passes():
    question = QuestionFactory()
    url = question.get_absolute_url()
    visitor = Client(enforce_csrf_checks=True)
    assert _get(visitor, url)["X-Page-Cache"] == "miss"
    secret = visitor.cookies["csrftoken"].value
    cached = _get(visitor, url)
    assert cached["X-Page-Cache"] == "hit"
    assert visitor.cookies["csrftoken"].value == secret
    response = visitor.post(
        reverse("newsletter:subscribe"),
        {"email": "reader@example.com", "next": url, "csrfmiddlewaretoken": _csrf_token(cached)},
    )
    assert response.status_code == 302


def test_cached_pages_give_each_visitor_a_different_token_of_allowed_characters():
    url = QuestionFactory().get_absolute_url()
    _get(Client(), url)
    tokens = {_csrf_token(_get(Client(), url)) for _ in range(20)}
    assert len(tokens) == 20
    assert all(re.fullmatch(r"[A-Za-z0-9]{64}", token) for token in tokens)


def test_csrf_randomness_drops_the_bytes_that_would_favour_some_characters(monkeypatch):
    from askdoc import page_cache

    batches = iter([bytes([255, 248, 0, 61, 62]), bytes([247, 123, 124, 1, 2])])
    monkeypatch.setattr(page_cache.secrets, "token_bytes", lambda n: next(batches))
    # 248-255 are dropped (62 does not divide 256); the rest are taken modulo 62.
    assert page_cache._random_indexes(4) == [0, 61, 0, 61]


def test_a_doctors_new_topic_shows_on_the_cached_topic_page_at_once(client):
    topic = TopicFactory(name="Rosacea", slug="rosacea")
    doctor = DoctorFactory(name="Ada Lee")
    assertNotContains(_get(client, topic.get_absolute_url()), "Dr Ada Lee")
    doctor.topics.add(topic)  # e.g. from a script: no save of the profile itself
    assertContains(_get(client, topic.get_absolute_url()), "Dr Ada Lee")
