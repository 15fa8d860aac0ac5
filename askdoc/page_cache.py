"""Whole-page caching for anonymous readers, invalidated the moment content changes.

A cached page is stored under its URL together with the *versions* of what it shows, and
served only while they are still current: `site` (doctors, topics, cities, deleted
accounts: anything shown on many pages), `lists` (the question lists and doctor profiles)
and `question:<pk>` (one question page). `askdoc.signals` replaces a version with a fresh
random token whenever a model that feeds those pages is saved or deleted, so the next
request misses and renders anew. One cache round trip fetches the page and the current
versions together. Random tokens, not counters: a version evicted from the cache comes
back as a new token, never as an old number that could match a stale page.

Only anonymous readers get cached pages: a request carrying a session cookie (a signed-in
user) or a messages cookie (a visitor with a message waiting) always renders, and is never
stored. The CSRF token of the footer form is cut out before storing and each visitor gets
their own on the way out, so a cached page still posts.

Two halves: `cache_for_anonymous` on a view stores its page, and `PageCacheMiddleware`
serves a stored page early, above the session, authentication, messages and database
layers a cached page has no use for (the security headers are added above it).
"""

import re
import secrets
import uuid
from functools import wraps
from hashlib import sha256

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from django.urls import Resolver404, resolve

from askdoc.db_router import primary_only

KEY_PREFIX = "page"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"')
CSRF_PLACEHOLDER = b'name="csrfmiddlewaretoken" value="\x00csrf\x00"'


def _version_key(name):
    return f"{KEY_PREFIX}:v:{name}"


def versions(names):
    """The current version token of each name, creating the missing ones."""
    keys = [_version_key(name) for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def bump(names):
    """Invalidate every cached page that depends on any of `names`."""
    if names:
        cache.set_many({_version_key(name): uuid.uuid4().hex for name in names}, timeout=None)


def is_cacheable_request(request):
    """An anonymous GET or HEAD without a session: nothing in its page is personal."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _page_key(request):
    return f"{KEY_PREFIX}:{sha256(request.get_full_path().encode()).hexdigest()}"


def _lookup_key(key, names):
    """The entry stored under `key` if it was stored at the current versions of `names`,
    and those versions. One cache round trip: the entry and the versions come together."""
    version_keys = [_version_key(name) for name in names]
    found = cache.get_many([key, *version_keys])
    if all(version_key in found for version_key in version_keys):
        tokens = [found[version_key] for version_key in version_keys]
    else:
        tokens = versions(names)
    entry = found.get(key)
    if entry is not None and entry[0] == tokens:
        return entry, tokens
    return None, tokens


def _lookup(request, names):
    """The cached entry of this URL if it was rendered at the current versions, and those versions."""
    return _lookup_key(_page_key(request), names)


def part_lookup(name, depends_on):
    """A rendered part of a page shared by many viewers (see `part_store`) if it is still
    current, else None; and the current versions, to store a fresh rendering under.
    None and no versions when part caching is off (CONTENT_CACHE_SECONDS=0)."""
    if settings.CONTENT_CACHE_SECONDS <= 0:
        return None, None
    entry, tokens = _lookup_key(f"{KEY_PREFIX}:part:{name}", depends_on)
    return (entry[1] if entry is not None else None), tokens


def part_store(name, tokens, value):
    """Keep `value` under `name` for the viewers who share it, until a version it was
    rendered at (`tokens`, from `part_lookup` *before* reading the database) changes.
    Render it from the primary (`primary_only`): a replica may not have the write that just
    invalidated the old one yet."""
    cache.set(f"{KEY_PREFIX}:part:{name}", (tokens, value), settings.CONTENT_CACHE_SECONDS)


def _is_storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
    )


# Bytes at or above this are dropped, so each of the 62 characters is equally likely.
_UNBIASED_BELOW = 256 - 256 % len(CSRF_ALLOWED_CHARS)
_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


def _random_indexes(count):
    """`count` uniformly random indexes into CSRF_ALLOWED_CHARS from the operating system's
    random source, in one call (rarely two)."""
    indexes = []
    while len(indexes) < count:
        batch = secrets.token_bytes(count + count // 4)
        indexes.extend(byte % len(CSRF_ALLOWED_CHARS) for byte in batch if byte < _UNBIASED_BELOW)
    return indexes[:count]


def csrf_token(request):
    """What django.middleware.csrf.get_token(request) gives, a masked token for the
    visitor's CSRF secret (a new secret and cookie if they have none), made with one call
    to the random source instead of one per character: 73 µs, a fifth of a cache hit,
    became a few. Django's middleware checks the posted token as it does its own.
    Call after CsrfViewMiddleware.process_request, which reads the visitor's cookie."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret_indexes = _random_indexes(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = "".join(CSRF_ALLOWED_CHARS[i] for i in secret_indexes)
    else:
        secret_indexes = [_CHAR_INDEX[char] for char in secret]
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_indexes(CSRF_SECRET_LENGTH)
    chars = CSRF_ALLOWED_CHARS
    cipher = (chars[(s + m) % len(chars)] for s, m in zip(secret_indexes, mask, strict=True))
    return "".join(chars[i] for i in mask) + "".join(cipher)


def _serve(request, entry):
    _tokens, content_type, content = entry
    if CSRF_PLACEHOLDER in content:
        content = content.replace(
            CSRF_PLACEHOLDER, CSRF_PLACEHOLDER.replace(b"\x00csrf\x00", csrf_token(request).encode())
        )
    response = HttpResponse(content, content_type=content_type)
    response["X-Page-Cache"] = "hit"
    return response


def cache_for_anonymous(depends_on):
    """Cache the view's page for anonymous readers. `depends_on(**view_kwargs)` names the
    versions (see the module docstring) the page depends on."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_cacheable_request(request):
                return view(request, *args, **kwargs)
            # PageCacheMiddleware looked the page up already and missed.
            tokens = getattr(request, "page_cache_tokens", None)
            if tokens is None:
                entry, tokens = _lookup(request, depends_on(**kwargs))
                if entry is not None:
                    return _serve(request, entry)
            # A copy that many readers will get is rendered from the primary, never from a
            # replica that may lag behind the write that just invalidated it.
            with primary_only():
                response = view(request, *args, **kwargs)
            if _is_storable(response):
                content = CSRF_INPUT.sub(CSRF_PLACEHOLDER, response.content)
                entry = (tokens, response["Content-Type"], content)
                cache.set(_page_key(request), entry, settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
            return response

        wrapper.page_cache_depends_on = depends_on
        return wrapper

    return decorator


class PageCacheMiddleware:
    """Serve an anonymous reader's cached page before the layers below this middleware run.

    A hit costs one cache round trip: no session, no user, no database. The view's URL is
    resolved here to find what the page depends on (`cache_for_anonymous` marks the view);
    on a miss the request goes on down and the view renders and stores the page. The CSRF
    cookie of the footer form is handled by Django's own CSRF middleware code.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        depends_on, kwargs = self._cached_view(request)
        if depends_on is not None:
            entry, tokens = _lookup(request, depends_on(**kwargs))
            if entry is not None:
                self.csrf.process_request(request)
                return self.csrf.process_response(request, _serve(request, entry))
            request.page_cache_tokens = tokens
        return self.get_response(request)

    @staticmethod
    def _cached_view(request):
        if not is_cacheable_request(request):
            return None, None
        # ALLOWED_HOSTS holds for cached pages too (DisallowedHost is a 400 as usual).
        request.get_host()
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None, None
        return getattr(match.func, "page_cache_depends_on", None), match.kwargs
