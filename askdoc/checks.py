"""askdoc's own system checks; `manage.py check --deploy` runs the ones tagged deploy."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import redis as django_redis
from django.core.checks import Tags, Warning, register

W001_PROXY_WITHOUT_TRUSTED_COUNT = Warning(
    "The site is configured to run behind a proxy (SECURE_PROXY_SSL_HEADER, USE_X_FORWARDED_HOST "
    "or USE_X_FORWARDED_PORT is set) but TRUSTED_PROXY_COUNT is 0, so X-Forwarded-For is ignored "
    "and every visitor shares the proxy's IP address for rate limits and login lockouts.",
    hint="Set TRUSTED_PROXY_COUNT to the number of proxies in front of the site (usually 1).",
    id="askdoc.W001",
)


@register(Tags.security, "deploy", deploy=True)
def check_trusted_proxy_count(app_configs, **kwargs):
    """Behind a load balancer, the client IP is only known when we say how many proxies to skip."""
    behind_proxy = (
        getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        or getattr(settings, "USE_X_FORWARDED_HOST", False)
        or getattr(settings, "USE_X_FORWARDED_PORT", False)
    )
    if behind_proxy and not getattr(settings, "TRUSTED_PROXY_COUNT", 0):
        return [W001_PROXY_WITHOUT_TRUSTED_COUNT]
    return []


# Redis's own timeouts are unlimited by default; a deploy check must not hang on a firewall.
REDIS_CHECK_TIMEOUT_SECONDS = 3
REDIS_EVICTION_DOCS = "maxmemory and maxmemory-policy allkeys-lru (docs/deployment.md)"


@register(Tags.caches, "deploy", deploy=True)
def check_redis_evicts(app_configs, **kwargs):
    """Search pages are cached per query string, so a Redis cache that never evicts grows until
    it runs out of memory: it must have a maxmemory and an allkeys-* policy (volatile-* evicts only
    keys with an expiry, and the page cache's version keys, one per question, have none)."""
    messages = []
    for alias in settings.CACHES:
        cache = caches[alias]
        if isinstance(cache, django_redis.RedisCache):
            messages += _redis_eviction_messages(alias, cache)
    return messages


def _redis_eviction_messages(alias, cache):
    import redis  # here, not at the top: it takes 0.16 s to import, and most commands never need it

    server = cache._cache._servers[0]  # the primary, which takes the writes
    where = f"cache {alias!r} at {_redis_address(server)}"
    try:
        config = _redis_config(cache, server)
    except redis.exceptions.ResponseError as error:
        return [
            Warning(
                f"The Redis {where} refused CONFIG GET ({error}), so whether it evicts could not be "
                "checked. Managed Redis services often disable CONFIG.",
                hint=f"Make sure the service is set to {REDIS_EVICTION_DOCS}.",
                id="askdoc.W004",
            )
        ]
    except redis.exceptions.RedisError as error:
        return [
            Warning(
                f"Could not connect to the Redis {where} to check that it evicts: {error}",
                hint=f"Run the check where Redis is reachable, or check {REDIS_EVICTION_DOCS} by hand.",
                id="askdoc.W003",
            )
        ]
    problems = []
    if config.get("maxmemory", "0") == "0":
        problems.append("maxmemory is 0 (no limit)")
    policy = config.get("maxmemory-policy", "")
    if not policy.startswith("allkeys-"):
        problems.append(f"maxmemory-policy is {policy!r}, not an allkeys-* policy")
    if not problems:
        return []
    return [
        Warning(
            f"The Redis {where} does not evict: {' and '.join(problems)}. Search pages are cached per "
            "query string, so the cache keeps growing until the machine or Redis runs out of memory.",
            hint=f"Set {REDIS_EVICTION_DOCS}.",
            id="askdoc.W002",
        )
    ]


def _redis_config(cache, server):
    """CONFIG GET maxmemory* from `server`, over the cache's own connection options with short
    timeouts, as {name: value}."""
    import redis

    client = cache._cache
    options = {
        **client._pool_options,
        "socket_connect_timeout": REDIS_CHECK_TIMEOUT_SECONDS,
        "socket_timeout": REDIS_CHECK_TIMEOUT_SECONDS,
    }
    pool = client._pool_class.from_url(server, **options)
    try:
        config = redis.Redis(connection_pool=pool).config_get("maxmemory*")
    finally:
        pool.disconnect()
    return {_text(name): _text(value) for name, value in config.items()}


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def _redis_address(server):
    """Where the server is, without the password a redis:// URL may carry."""
    parts = urlsplit(server)
    if parts.hostname:
        return f"{parts.hostname}:{parts.port or 6379}"
    return parts.path
