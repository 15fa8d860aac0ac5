"""askdoc's own system checks (askdoc/checks.py), as `manage.py check --deploy` runs them."""

import pytest
from django.core.checks import run_checks

BEHIND_PROXY_SETTINGS = [
    {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")},
    {"USE_X_FORWARDED_HOST": True},
    {"USE_X_FORWARDED_PORT": True},
]


def _deploy_check_ids():
    return {message.id for message in run_checks(include_deployment_checks=True, tags=["deploy"])}


@pytest.mark.parametrize("proxy_settings", BEHIND_PROXY_SETTINGS, ids=lambda s: next(iter(s)))
def test_deploy_check_warns_behind_a_proxy_without_trusted_proxy_count(settings, proxy_settings):
    for name, value in proxy_settings.items():
        setattr(settings, name, value)
    settings.TRUSTED_PROXY_COUNT = 0

    assert "askdoc.W001" in _deploy_check_ids()


def test_deploy_check_is_quiet_behind_a_proxy_with_trusted_proxy_count(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.USE_X_FORWARDED_HOST = True
    settings.TRUSTED_PROXY_COUNT = 1

    assert "askdoc.W001" not in _deploy_check_ids()


def test_deploy_check_is_quiet_without_a_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.USE_X_FORWARDED_HOST = False
    settings.USE_X_FORWARDED_PORT = False
    settings.TRUSTED_PROXY_COUNT = 0

    assert "askdoc.W001" not in _deploy_check_ids()


def test_proxy_check_runs_only_with_deploy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0

    assert "askdoc.W001" not in {message.id for message in run_checks()}


# --- askdoc.W002 to W004: a Redis cache must evict ----------------------------------------
# CONFIG is server-wide, so the tests never change the local Redis: they use its real
# settings (it runs without maxmemory, as CI starts it) or replace what CONFIG GET returns.
LOCAL_REDIS = "redis://127.0.0.1:6379/7"
REDIS_CHECK_IDS = {"askdoc.W002", "askdoc.W003", "askdoc.W004"}


def _with_redis_cache(settings, location=LOCAL_REDIS):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "askdoc.cache.RedisCache", "LOCATION": location, "KEY_PREFIX": "test-checks"},
    }


def _redis_messages():
    return [m for m in run_checks(include_deployment_checks=True, tags=["deploy"]) if m.id in REDIS_CHECK_IDS]


def _config_get_returns(monkeypatch, maxmemory, policy):
    import redis

    config = {b"maxmemory": maxmemory.encode(), b"maxmemory-policy": policy.encode()}
    monkeypatch.setattr(redis.Redis, "config_get", lambda self, pattern: config)


def test_deploy_check_warns_that_the_local_redis_does_not_evict(settings):
    _with_redis_cache(settings)

    [message] = _redis_messages()
    assert message.id == "askdoc.W002", message.msg
    assert "'shared' at 127.0.0.1:6379" in message.msg
    assert "maxmemory is 0" in message.msg
    assert "maxmemory-policy is 'noeviction'" in message.msg


@pytest.mark.parametrize(
    ("maxmemory", "policy", "problem"),
    [
        ("0", "allkeys-lru", "maxmemory is 0"),
        ("1073741824", "noeviction", "maxmemory-policy is 'noeviction'"),
        # volatile-* evicts only keys with an expiry; the page cache's version keys have none
        ("1073741824", "volatile-lru", "maxmemory-policy is 'volatile-lru'"),
    ],
)
def test_deploy_check_warns_when_redis_does_not_evict(settings, monkeypatch, maxmemory, policy, problem):
    _with_redis_cache(settings)
    _config_get_returns(monkeypatch, maxmemory, policy)

    [message] = _redis_messages()
    assert message.id == "askdoc.W002"
    assert problem in message.msg


@pytest.mark.parametrize("policy", ["allkeys-lru", "allkeys-lfu", "allkeys-random"])
def test_deploy_check_is_quiet_when_redis_evicts(settings, monkeypatch, policy):
    _with_redis_cache(settings)
    _config_get_returns(monkeypatch, "1073741824", policy)

    assert _redis_messages() == []


def test_deploy_check_says_when_redis_cannot_be_reached_without_showing_its_password(settings):
    _with_redis_cache(settings, "redis://:s3cret@127.0.0.1:1/0")  # nothing listens on port 1

    [message] = _redis_messages()
    assert message.id == "askdoc.W003"
    assert message.msg.startswith("Could not connect to the Redis cache 'shared' at 127.0.0.1:1")
    assert "s3cret" not in message.msg + message.hint


def test_deploy_check_says_when_redis_refuses_config(settings, monkeypatch):
    import redis

    def refuse(self, pattern):
        raise redis.exceptions.ResponseError("unknown command 'CONFIG', with args beginning with: 'GET'")

    monkeypatch.setattr(redis.Redis, "config_get", refuse)
    _with_redis_cache(settings)

    [message] = _redis_messages()
    assert message.id == "askdoc.W004"
    assert "refused CONFIG GET (unknown command 'CONFIG'" in message.msg


def test_deploy_check_leaves_a_memory_cache_alone(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert _redis_messages() == []


def test_redis_check_runs_only_with_deploy(settings):
    _with_redis_cache(settings)

    assert not REDIS_CHECK_IDS & {message.id for message in run_checks()}
