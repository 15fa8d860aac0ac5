"""Operations: a database outage is a clear 503 page, logs are JSON lines with a request id."""

import json
import logging

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse

from askdoc.logging import JsonFormatter, request_id_var

pytestmark = pytest.mark.django_db


def stop_database(monkeypatch):
    """From now on every query fails the way a stopped PostgreSQL makes it fail."""
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(CursorWrapper, "executemany", refuse)


@pytest.fixture
def database_down(monkeypatch):
    stop_database(monkeypatch)


@pytest.mark.parametrize("url", ["/", "/topics/", "/questions/1-some-question/", "/doctors/someone/"])
def test_pages_answer_a_clear_503_when_the_database_is_down(database_down, url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "temporarily unavailable" in content
    assert "Traceback" not in content
    assert 'class="site-header"' in content


def test_a_signed_in_visitor_also_gets_the_503_page(monkeypatch):
    from tests.factories import UserFactory

    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    stop_database(monkeypatch)
    response = client.get(reverse("questions:my_questions"))
    assert response.status_code == 503


def test_the_health_check_says_the_database_is_down(database_down):
    response = Client(raise_request_exception=False).get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_other_errors_stay_500s(monkeypatch):
    from questions import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "question_list", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_log_lines_are_json_with_the_request_id_and_extra_fields():
    record = logging.makeLogRecord(
        {
            "name": "askdoc.test",
            "levelname": "WARNING",
            "msg": "Rate limit %s",
            "args": ("ask",),
            "key": "ip:1",
        }
    )
    token = request_id_var.set("abc123")
    try:
        line = JsonFormatter().format(record)
    finally:
        request_id_var.reset(token)
    entry = json.loads(line)
    assert entry["message"] == "Rate limit ask"
    assert entry["level"] == "WARNING"
    assert entry["request_id"] == "abc123"
    assert entry["key"] == "ip:1"
    assert "\n" not in line


def test_log_lines_carry_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.makeLogRecord({"msg": "failed", "exc_info": sys.exc_info()})
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]


def test_each_response_names_its_request_id(client):
    first = client.get(reverse("health"))["X-Request-ID"]
    second = client.get(reverse("health"))["X-Request-ID"]
    assert first != second
    assert client.get(reverse("health"), HTTP_X_REQUEST_ID="lb-42")["X-Request-ID"] == "lb-42"
    forged = client.get(reverse("health"), HTTP_X_REQUEST_ID="bad id\nInjected: yes")["X-Request-ID"]
    assert forged != "bad id\nInjected: yes"


def test_an_outage_outside_the_view_is_also_a_503(monkeypatch):
    """A session or middleware query fails before the view runs: handler500 turns it into the 503 page."""
    from django.contrib.sessions.middleware import SessionMiddleware

    def refuse(self, request):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()


def test_a_session_that_cannot_be_saved_during_an_outage_is_a_503_not_a_400(monkeypatch):
    """Django turns a failed session save into SessionInterrupted (400); the cause was the outage."""
    response = _fail_saving_the_session(monkeypatch)
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()


def test_other_bad_requests_stay_400s(client):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400


def _fail_in_a_view(monkeypatch):
    stop_database(monkeypatch)
    return Client(raise_request_exception=False).get("/")


def _fail_in_a_middleware(monkeypatch):
    from django.contrib.sessions.middleware import SessionMiddleware

    def refuse(self, request):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)
    return Client(raise_request_exception=False).get("/")


def _fail_saving_the_session(monkeypatch):
    from django.contrib.sessions.models import Session

    from tests.factories import UserFactory

    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Session, "save", refuse)
    with override_settings(SESSION_SAVE_EVERY_REQUEST=True):  # so this request must save it
        return client.post(reverse("newsletter:subscribe"), {"email": "a@example.com", "next": "/"})


def _fail_the_health_check(monkeypatch):
    stop_database(monkeypatch)
    return Client(raise_request_exception=False).get(reverse("health"))


@pytest.mark.parametrize(
    "outage",
    [_fail_in_a_view, _fail_in_a_middleware, _fail_saving_the_session, _fail_the_health_check],
    ids=lambda outage: outage.__name__.removeprefix("_fail_"),
)
def test_each_outage_503_is_logged_once(monkeypatch, caplog, outage):
    with caplog.at_level(logging.INFO):
        response = outage(monkeypatch)

    assert response.status_code == 503
    problems = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(problems) == 1, [f"{r.name}: {r.getMessage()}" for r in problems]
    assert "Database unavailable" in problems[0].getMessage()
    assert "server" in problems[0].getMessage()  # the driver's reason, not just the status
