"""Abuse limits: each write view answers 429 with a clear page once its limit is reached."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from askdoc.ratelimit import client_ip, rate_limit_hit
from newsletter.models import Subscriber
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_counter_allows_the_limit_then_says_when_the_window_ends():
    results = [rate_limit_hit(action="t", key="k", limit=3, period=60, now=120.5) for _ in range(4)]
    assert results[:3] == [None, None, None]
    assert results[3] == 60  # 120.5 is in the window [120, 180): retry after 59.5 s, rounded up


def test_counter_starts_again_in_the_next_window():
    for _ in range(2):
        rate_limit_hit(action="t", key="k", limit=1, period=60, now=10)
    assert rate_limit_hit(action="t", key="k", limit=1, period=60, now=61) is None


def test_counters_are_per_key_and_per_action():
    assert rate_limit_hit(action="t", key="a", limit=1, period=60, now=0) is None
    assert rate_limit_hit(action="t", key="b", limit=1, period=60, now=0) is None
    assert rate_limit_hit(action="u", key="a", limit=1, period=60, now=0) is None
    assert rate_limit_hit(action="t", key="a", limit=1, period=60, now=0) == 60


def test_a_failing_cache_lets_requests_through(monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "add", broken)
    assert rate_limit_hit(action="t", key="k", limit=1, period=60) is None


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "10.0.0.1"


def test_forwarded_for_trusts_only_the_hops_our_proxies_added(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "6.6.6.6"; our load balancer appended the address it saw.
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "198.51.100.9"


def _one_per_hour(settings, action):
    settings.ASKDOC_RATE_LIMITS = {**settings.ASKDOC_RATE_LIMITS, action: "1/3600"}


def _assert_429_page(response):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    content = response.content.decode()
    assert "Too many requests" in content
    assert "Please try again in" in content
    assert 'class="site-header"' in content  # the site layout, not a bare error


@pytest.fixture
def asker_client(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def test_asking_is_limited_per_user(settings, asker_client):
    _one_per_hour(settings, "ask")
    url = reverse("questions:ask")
    assert asker_client.post(url, {}).status_code == 200  # a form error, but counted
    _assert_429_page(asker_client.post(url, {}))
    assert asker_client.get(url).status_code == 200  # reading the form is never limited


def test_another_user_is_not_limited_by_someone_elses_requests(settings, asker_client):
    from django.test import Client

    _one_per_hour(settings, "ask")
    url = reverse("questions:ask")
    asker_client.post(url, {})
    other = Client()
    other.force_login(UserFactory())
    assert other.post(url, {}).status_code == 200


def test_answering_is_limited(settings, client):
    _one_per_hour(settings, "answer")
    doctor = DoctorFactory()
    question = QuestionFactory()
    client.force_login(doctor.user)
    url = reverse("answers:create", args=[question.pk])
    assert client.post(url, {"action": "draft", "body": "Use sunscreen."}).status_code == 302
    _assert_429_page(client.post(url, {"action": "draft", "body": "Use sunscreen."}))


def test_previews_count_against_their_own_limit_not_answering(settings, client):
    """The live preview posts while the doctor types: it must never use up publishing."""
    _one_per_hour(settings, "preview")
    doctor = DoctorFactory()
    question = QuestionFactory()
    client.force_login(doctor.user)
    url = reverse("answers:create", args=[question.pk])
    assert client.post(url, {"action": "preview", "body": "Use sunscreen."}).status_code == 200
    _assert_429_page(client.post(url, {"action": "preview", "body": "Use sunscreen daily."}))
    response = client.post(url, {"action": "publish", "body": "Use sunscreen daily."})
    assert response.status_code == 302
    assert question.answers.count() == 1


def test_replying_is_limited(settings, client):
    _one_per_hour(settings, "reply")
    answer = AnswerFactory(question__created_at=timezone.now() - timedelta(days=1))
    client.force_login(answer.question.author)
    url = reverse("answers:reply", args=[answer.pk])
    assert client.post(url, {"body": "Thank you!"}).status_code == 302
    _assert_429_page(client.post(url, {"body": "Thank you again!"}))
    assert answer.replies.count() == 1


def test_flagging_is_limited(settings, asker_client):
    _one_per_hour(settings, "flag")
    first, second = QuestionFactory(), QuestionFactory()
    report = {"reason": "misinformation"}
    assert (
        asker_client.post(reverse("moderation:report", args=["question", first.pk]), report).status_code
        == 302
    )
    _assert_429_page(asker_client.post(reverse("moderation:report", args=["question", second.pk]), report))


def test_newsletter_sign_up_is_limited_per_ip(settings, client):
    _one_per_hour(settings, "subscribe")
    url = reverse("newsletter:subscribe")
    assert client.post(url, {"email": "a@example.com", "next": "/"}).status_code == 302
    _assert_429_page(client.post(url, {"email": "b@example.com", "next": "/"}))
    assert not Subscriber.objects.filter(email="b@example.com").exists()


def test_newsletter_consent_records_the_client_ip_behind_our_proxy(settings, client):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        reverse("newsletter:subscribe"),
        {"email": "a@example.com", "next": "/"},
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9",
    )
    assert Subscriber.objects.get(email="a@example.com").ip_address == "198.51.100.9"


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("account_login", {"login": "nobody@example.com", "password": "wrong"}),
        ("account_signup", {"email": "x@example.com", "password1": "a", "password2": "b"}),
        ("account_reset_password", {"email": "nobody@example.com"}),
    ],
)
def test_account_forms_are_limited_by_allauth_with_the_same_page(client, url_name, data):
    url = reverse(url_name)
    statuses = [client.post(url, data).status_code for _ in range(40)]
    assert 429 in statuses
    response = client.post(url, data)
    _assert_429_page(response)
