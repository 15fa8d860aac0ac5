"""Django's Redis cache backend, keeping its redis-py clients and riding out Redis outages.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call. Since redis-py 5
that constructor fills a table of some 170 response callbacks, and on a cached page it cost
more than the round trip to Redis itself (0.23 ms of a 0.8 ms hit). A client only wraps its
connection pool and is safe to share between threads (redis-py's documentation), so one is
kept per pool. Pools still reconnect after a fork, as before.

Everything askdoc keeps in Redis can be rebuilt: pages and parts are rendered again,
sessions are in PostgreSQL too (`cached_db`), rate limits start counting afresh. So when
Redis cannot be reached, a cache call is a miss (reads) or does nothing (writes) instead of
a 500 on every page: the site goes on, slower, from the database. The outage is logged once,
and for OUTAGE_RETRY_SECONDS after a failure Redis is not tried at all, so a Redis that does
not answer costs each request nothing more than the first timeout (`socket_timeout`). When
it answers again after writes were lost, `cache_recovered` is sent: the page cache uses it to
drop every page that a lost invalidation may have left stale.
"""

import logging
import time

import redis
from django.core.cache.backends import redis as django_redis
from django.dispatch import Signal

logger = logging.getLogger("askdoc.cache")

OUTAGE_RETRY_SECONDS = 5
UNAVAILABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

# Sent when Redis answers again after an outage in which writes (invalidations) were lost.
cache_recovered = Signal()


def _tolerant(fallback, *, writes):
    """Run the client method; while Redis is unreachable, return `fallback(*args)` instead."""

    def decorator(method):
        def wrapper(self, *args):
            if self._down_until > time.monotonic():
                self._lost_writes |= writes
                return fallback(*args)
            try:
                result = method(self, *args)
            except UNAVAILABLE as error:
                self._outage(error, writes=writes)
                return fallback(*args)
            if self._down_until and self._recovered() and not writes:
                result = method(self, *args)  # read again: the recovery may have invalidated it
            return result

        wrapper.__name__ = method.__name__
        return wrapper

    return decorator


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._down_until = 0.0
        self._lost_writes = False

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

    def _outage(self, error, *, writes):
        if not self._down_until:
            logger.error("Redis is unreachable, serving without the cache: %s", error)
        self._down_until = time.monotonic() + OUTAGE_RETRY_SECONDS
        self._lost_writes |= writes

    def _recovered(self):
        """Back in use; True if `cache_recovered` was sent (writes had been lost)."""
        logger.warning("Redis answers again; the cache is back in use.")
        self._down_until = 0.0
        if not self._lost_writes:
            return False
        self._lost_writes = False
        cache_recovered.send(sender=type(self))
        return True

    add = _tolerant(lambda key, value, timeout: False, writes=True)(django_redis.RedisCacheClient.add)
    get = _tolerant(lambda key, default: default, writes=False)(django_redis.RedisCacheClient.get)
    set = _tolerant(lambda key, value, timeout: None, writes=True)(django_redis.RedisCacheClient.set)
    touch = _tolerant(lambda key, timeout: False, writes=True)(django_redis.RedisCacheClient.touch)
    delete = _tolerant(lambda key: False, writes=True)(django_redis.RedisCacheClient.delete)
    get_many = _tolerant(lambda keys: {}, writes=False)(django_redis.RedisCacheClient.get_many)
    has_key = _tolerant(lambda key: False, writes=False)(django_redis.RedisCacheClient.has_key)
    # A counter that cannot be read counts from the start: rate limits let requests through.
    incr = _tolerant(lambda key, delta: delta, writes=True)(django_redis.RedisCacheClient.incr)
    set_many = _tolerant(lambda data, timeout: None, writes=True)(django_redis.RedisCacheClient.set_many)
    delete_many = _tolerant(lambda keys: None, writes=True)(django_redis.RedisCacheClient.delete_many)
    clear = _tolerant(lambda: False, writes=True)(django_redis.RedisCacheClient.clear)


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
