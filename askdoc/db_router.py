"""Reads from the read replica, writes to the primary, and every user reads their own writes.

Only active when DATABASE_REPLICA_URL is set (settings add the `replica` database and this
router). Reads go to the replica only inside a request that `ReplicaMiddleware` allowed:
a GET or HEAD from a client that has not written in the last REPLICA_PIN_SECONDS. Anything
else (POSTs, management commands, the task worker, page-cache fills) reads the primary, so
nothing that is about to write or is about to be cached ever sees replication lag.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_replica_allowed = ContextVar("askdoc_replica_allowed", default=False)

PIN_COOKIE = "askdoc_primary"


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return "replica" if _replica_allowed.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


@contextmanager
def primary_only():
    """Read from the primary inside this block, whatever the request allowed."""
    token = _replica_allowed.set(False)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def replica_is_configured():
    return "replica" in settings.DATABASES


class ReplicaMiddleware:
    """Allow replica reads for safe requests; after a write, pin the client to the primary
    for REPLICA_PIN_SECONDS (a cookie), so they see what they just wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_is_configured():
            return self.get_response(request)
        is_safe = request.method in ("GET", "HEAD", "OPTIONS")
        token = _replica_allowed.set(is_safe and PIN_COOKIE not in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _replica_allowed.reset(token)
        if not is_safe:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
