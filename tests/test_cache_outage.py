"""When Redis cannot be reached the site goes on from the database, and when it comes back
the pages that a lost invalidation may have left stale are dropped."""

import logging

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from askdoc import cache as askdoc_cache
from askdoc.page_cache import versions
from tests.factories import AnswerFactory, UserFactory

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there: connections are refused at once
LOCAL_REDIS = "redis://127.0.0.1:6379/6"


def _redis_cache(settings, location, prefix):
    settings.CACHES = {
        "default": {
            "BACKEND": "askdoc.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def test_pages_sessions_and_forms_work_while_redis_is_down(settings, caplog):
    _redis_cache(settings, CLOSED_PORT, "test-outage")
    answer = AnswerFactory(body="Use a **gentle** cleanser.")
    url = answer.question.get_absolute_url()
    with caplog.at_level(logging.ERROR, logger="askdoc.cache"):
        for client in (Client(), Client()):
            assertContains(client.get(url), "<strong>gentle</strong>")
            assertContains(client.get("/"), answer.question.title)
        patient = Client()
        patient.force_login(UserFactory())  # the session is kept in PostgreSQL
        assertContains(patient.get(url), "Log out")
        response = Client().post(
            reverse("newsletter:subscribe"), {"email": "reader@example.com", "next": "/"}
        )
        assert response.status_code == 302
    outages = [record for record in caplog.records if record.name == "askdoc.cache"]
    assert len(outages) == 1  # logged once, not on every cache call
    assert "Redis is unreachable" in outages[0].getMessage()


def test_redis_is_left_alone_for_a_while_after_a_failure(settings, monkeypatch):
    _redis_cache(settings, CLOSED_PORT, "test-outage-retry")
    attempts = []
    connect = redis.connection.AbstractConnection.connect

    def counted(self):
        attempts.append(self)
        return connect(self)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counted)
    for _ in range(5):
        assert cache.get("anything", "missing") == "missing"
    assert len(attempts) == 1
    now = askdoc_cache.time.monotonic()
    monkeypatch.setattr(askdoc_cache.time, "monotonic", lambda: now + askdoc_cache.OUTAGE_RETRY_SECONDS + 1)
    cache.get("anything")
    assert len(attempts) == 2  # tried again once the pause is over


def test_pages_are_invalidated_when_redis_comes_back_after_lost_writes(settings, monkeypatch):
    try:
        redis.Redis.from_url(LOCAL_REDIS).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (CI starts one)")
    _redis_cache(settings, LOCAL_REDIS, f"test-recovery-{id(settings)}")
    [before] = versions(["site"])
    # Redis stops answering: an invalidation (a write) is lost.
    real_execute = redis.Redis.execute_command

    def unreachable(self, *args, **kwargs):
        raise redis.exceptions.ConnectionError("Connection refused.")

    monkeypatch.setattr(redis.Redis, "execute_command", unreachable)
    cache.set("page:v:question:1", "new-version")
    # It answers again, after the pause: the first call finds it and every page is dropped.
    monkeypatch.setattr(redis.Redis, "execute_command", real_execute)
    now = askdoc_cache.time.monotonic()
    monkeypatch.setattr(askdoc_cache.time, "monotonic", lambda: now + askdoc_cache.OUTAGE_RETRY_SECONDS + 1)
    [after] = versions(["site"])
    assert after != before
    cache.delete_many(["page:v:site", "page:v:question:1"])
