"""Two app servers against one PostgreSQL and one Redis behave as one site.

Starts two gunicorn processes on different ports (REDIS_URL set, a key prefix of their
own) and talks to them over HTTP: a question asked on one shows on the other at once,
failed logins are counted across both, and a cached page is invalidated on both.
"""

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from http.cookiejar import CookieJar
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import QuestionFactory, TopicFactory, UserFactory

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
PASSWORD = "correct-horse-battery"

pytestmark = pytest.mark.django_db(transaction=True)


def _redis():
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis server on {REDIS_HOST}:{REDIS_PORT}")
    return client


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor with their own cookies; the same cookies work on both servers."""

    def __init__(self):
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), NoRedirect)

    def request(self, url, data=None):
        body = urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(Request(url, data=body), timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def get(self, url):
        return self.request(url)

    def post_form(self, form_url, action_url, data):
        """GET the form page (for its CSRF token), then POST to `action_url`."""
        _status, _headers, html = self.get(form_url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.request(action_url, {**data, "csrfmiddlewaretoken": token})


@pytest.fixture
def servers(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the SQLite test database lives in this process only")
    redis_client = _redis()
    prefix = f"askdoc-test-{uuid.uuid4().hex[:12]}"
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/0",
        "CACHE_KEY_PREFIX": prefix,
        "DEBUG": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "VAR_DIR": str(tmp_path),
    }
    processes, urls = [], []
    for _ in range(2):
        port = _free_port()
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "askdoc.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            _wait_until_up(url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        keys = list(redis_client.scan_iter(match=f"*{prefix}*"))
        if keys:
            redis_client.delete(*keys)


def _wait_until_up(url, attempts=120):
    for _ in range(attempts):
        try:
            if Browser().get(f"{url}/health/")[0] == 200:
                return
        except (URLError, ConnectionError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not start")


def _patient(email):
    user = UserFactory(email=email, display_name="Mira")
    # The servers know only the production hashers, not the fast one the tests use.
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    # A patient with a published question publishes the next ones at once.
    QuestionFactory(author=user, title="An earlier question about sunscreen")
    return user


def test_two_servers_share_data_sessions_cache_and_rate_limits(servers):
    a, b = servers
    topic = TopicFactory(name="Fillers", slug="fillers")
    _patient("mira@example.com")
    reader = Browser()

    # The home page cached by B is served by A from the shared cache.
    assert reader.get(f"{b}/")[1].get("X-Page-Cache") == "miss"
    assert reader.get(f"{a}/")[1].get("X-Page-Cache") == "hit"

    # Mira signs in on A and asks there.
    mira = Browser()
    status, headers, _ = mira.post_form(
        f"{a}/accounts/login/", f"{a}/accounts/login/", {"login": "mira@example.com", "password": PASSWORD}
    )
    assert status == 302, "login on A"
    ask = {
        "title": "How long does swelling last after lip filler?",
        "body": "I had filler two days ago and my lips are still swollen.",
        "topics": [topic.pk],
        "seen_similar": "on",
        "photos_public": "0",
    }
    status, headers, _ = mira.post_form(f"{a}/questions/ask/", f"{a}/questions/ask/", ask)
    assert status == 302, "question posted on A"
    question_path = headers["Location"]

    # B shows it at once: to Mira (her session lives in Redis and PostgreSQL) and on the
    # home page B had cached before the question existed.
    status, _headers, html = mira.get(f"{b}{question_path}")
    assert status == 200 and "How long does swelling last after lip filler?" in html
    status, headers, html = reader.get(f"{b}/")
    assert "How long does swelling last after lip filler?" in html

    # The question page, cached on both, is invalidated on both by an edit made on A.
    for server in (a, b):
        reader.get(f"{server}{question_path}")
    assert reader.get(f"{b}{question_path}")[1].get("X-Page-Cache") == "hit"
    edit_url = f"{a}/questions/{question_path.split('/')[2].split('-')[0]}/edit/"
    edit = {"title": "How long does swelling last after lip filler, really?", "body": ask["body"]}
    assert mira.post_form(edit_url, edit_url, edit)[0] == 302
    for server in (a, b):
        status, _headers, html = reader.get(f"{server}{question_path}")
        assert "lip filler, really?" in html, server

    # Failed logins are counted across both servers: 5 allowed in all, not 5 each.
    attacker = Browser()
    for server in (a, b, a, b, a):
        attacker.post_form(
            f"{server}/accounts/login/",
            f"{server}/accounts/login/",
            {"login": "mira@example.com", "password": "wrong-guess"},
        )
    _status, _headers, html = attacker.post_form(
        f"{b}/accounts/login/", f"{b}/accounts/login/", {"login": "mira@example.com", "password": PASSWORD}
    )
    assert "Too many failed login attempts" in html
