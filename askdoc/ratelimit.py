"""Abuse limits on the site's write views, shared by every process through the default cache.

A fixed-window counter: the first request of a window creates the key with `cache.add`
(atomic), later ones `cache.incr` it (atomic in Redis and in the local-memory cache), and
the key expires with its window. Limits live in settings.ASKDOC_RATE_LIMITS as
"<count>/<seconds>", one entry per action; login, sign-up and password reset are limited by
allauth (ACCOUNT_RATE_LIMITS), which uses the same cache and the same 429 page.
"""

import logging
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render

logger = logging.getLogger(__name__)


def client_ip(request):
    """The visitor's IP address.

    X-Forwarded-For is only believed when TRUSTED_PROXY_COUNT says how many proxies we run
    in front of the site: the address our outermost proxy saw is the client, anything to its
    left may be forged by the client itself.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:45] or None
    return request.META.get("REMOTE_ADDR") or None


def parse_limit(text):
    """ "5/60" -> (5, 60): at most 5 requests in 60 seconds."""
    try:
        count, seconds = (int(part) for part in text.split("/"))
    except ValueError:
        raise ImproperlyConfigured(f"A rate limit reads '<count>/<seconds>', not {text!r}") from None
    if count < 1 or seconds < 1:
        raise ImproperlyConfigured(f"A rate limit needs a positive count and period, not {text!r}")
    return count, seconds


def rate_limit_hit(*, action, key, limit, period, now=None):
    """Count one request of `key` for `action`. Returns None while within the limit, else
    the number of seconds until the window ends (for Retry-After).

    When the cache itself fails the request is let through (and logged): an outage of
    Redis must not take the site down with it.
    """
    now = time.time() if now is None else now
    window = int(now // period)
    cache_key = f"ratelimit:{action}:{key}:{window}"
    try:
        if cache.add(cache_key, 1, timeout=period + 1):
            count = 1
        else:
            try:
                count = cache.incr(cache_key)
            except ValueError:  # The key expired between add() and incr().
                cache.add(cache_key, 1, timeout=period + 1)
                count = 1
    except Exception:
        logger.exception("Rate limit cache unavailable; letting the request through")
        return None
    if count <= limit:
        return None
    return max(1, math.ceil((window + 1) * period - now))


def rate_limited_response(request, retry_after=None):
    """The 429 page, in the site layout, saying when to try again."""
    retry_minutes = math.ceil(retry_after / 60) if retry_after else None
    context = {"retry_after": retry_after, "retry_minutes": retry_minutes}
    response = render(request, "429.html", context, status=429)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def rate_limit(action, *, action_for=None):
    """Limit POSTs to a view to settings.ASKDOC_RATE_LIMITS[action] per user (or per IP for
    anonymous visitors). GET and HEAD are never counted. `action_for(request)`, when given,
    names the limit a POST counts against (e.g. a form's preview step against a looser one)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                counted = action_for(request) if action_for else action
                limit, period = parse_limit(settings.ASKDOC_RATE_LIMITS[counted])
                user = getattr(request, "user", None)
                if user is not None and user.is_authenticated:
                    key = f"user:{user.pk}"
                else:
                    key = f"ip:{client_ip(request)}"
                retry_after = rate_limit_hit(action=counted, key=key, limit=limit, period=period)
                if retry_after is not None:
                    logger.warning("Rate limit %s reached by %s", counted, key)
                    return rate_limited_response(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
