"""Configuration for more than one machine: Redis, object storage, a read replica."""

import json
import os
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from askdoc import db_router
from askdoc.db_router import PIN_COOKIE, PrimaryReplicaRouter, ReplicaMiddleware, primary_only


def _settings_with(env):
    """The settings a fresh process builds from `env` (on top of a clean environment)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'cache': s.CACHES['default']['BACKEND'], 'session': s.SESSION_ENGINE, "
        "'storage': s.STORAGES['default']['BACKEND'], 'options': s.STORAGES['default'].get('OPTIONS', {}), "
        "'databases': sorted(s.DATABASES), 'routers': s.DATABASE_ROUTERS}))"
    )
    base = {
        key: value for key, value in os.environ.items() if not key.startswith(("REDIS", "AWS", "DATABASE"))
    }
    base["DJANGO_SETTINGS_MODULE"] = "askdoc.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_without_redis_the_cache_is_per_process_and_sessions_in_the_database():
    found = _settings_with({})
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["session"] == "django.contrib.sessions.backends.db"
    assert found["storage"] == "django.core.files.storage.FileSystemStorage"
    assert found["databases"] == ["default"]
    assert found["routers"] == []


def test_redis_url_puts_cache_sessions_and_rate_limits_in_redis():
    found = _settings_with({"REDIS_URL": "redis://127.0.0.1:6379/3"})
    assert found["cache"] == "askdoc.cache.RedisCache"
    assert found["session"] == "django.contrib.sessions.backends.cached_db"


def test_the_redis_cache_reuses_its_client_and_still_works():
    import redis

    from askdoc.cache import RedisCache

    cache = RedisCache("redis://127.0.0.1:6379/3", {"KEY_PREFIX": "test-client-reuse"})
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    try:
        cache.set("k", {"page": b"x" * 10})
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379 (CI starts one)")
    assert cache.get_many(["k", "missing"]) == {"k": {"page": b"x" * 10}}
    cache.delete("k")


def test_a_bucket_sends_media_to_object_storage():
    found = _settings_with(
        {"AWS_STORAGE_BUCKET_NAME": "askdoc-media", "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}
    )
    assert found["storage"] == "storages.backends.s3.S3Storage"
    assert found["options"]["bucket_name"] == "askdoc-media"
    assert found["options"]["endpoint_url"] == "http://127.0.0.1:9000"


def test_a_replica_url_adds_the_replica_and_its_router():
    found = _settings_with(
        {
            "DATABASE_URL": "postgres://askdoc@db-primary/askdoc",
            "DATABASE_REPLICA_URL": "postgres://askdoc@db-replica/askdoc",
        }
    )
    assert found["databases"] == ["default", "replica"]
    assert found["routers"] == ["askdoc.db_router.PrimaryReplicaRouter"]


# --- The router and its middleware --------------------------------------------


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(db_router, "replica_is_configured", lambda: True)


def _database_read_by(request):
    seen = {}

    def view(request):
        seen["read"] = PrimaryReplicaRouter().db_for_read(None)
        with primary_only():
            seen["fill"] = PrimaryReplicaRouter().db_for_read(None)
        return HttpResponse("ok")

    response = ReplicaMiddleware(view)(request)
    return seen, response


def test_outside_a_request_everything_reads_the_primary():
    router = PrimaryReplicaRouter()
    assert router.db_for_read(None) == "default"
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "questions") is False


def test_a_reader_reads_the_replica_but_cache_fills_read_the_primary(with_replica):
    seen, response = _database_read_by(RequestFactory().get("/"))
    assert seen == {"read": "replica", "fill": "default"}
    assert PIN_COOKIE not in response.cookies


def test_a_write_pins_its_author_to_the_primary_for_a_while(with_replica, settings):
    settings.REPLICA_PIN_SECONDS = 15
    seen, response = _database_read_by(RequestFactory().post("/questions/ask/"))
    assert seen["read"] == "default"
    assert response.cookies[PIN_COOKIE]["max-age"] == 15
    request = RequestFactory().get("/questions/1/")
    request.COOKIES[PIN_COOKIE] = "1"
    seen, _response = _database_read_by(request)
    assert seen["read"] == "default"


def test_without_a_replica_the_middleware_sets_no_cookie():
    seen, response = _database_read_by(RequestFactory().post("/newsletter/subscribe/"))
    assert seen["read"] == "default"
    assert PIN_COOKIE not in response.cookies
