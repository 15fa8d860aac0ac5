"""Security headers on every kind of page."""

import pytest
from django.urls import reverse

from tests.factories import AnswerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_urls():
    answer = AnswerFactory()
    return [
        "/",
        answer.question.get_absolute_url(),
        reverse("questions:topic_list"),
        answer.doctor.get_absolute_url(),
        reverse("account_login"),
        "/questions/999999-missing/",
        reverse("health"),
    ]


def test_every_page_sends_the_security_headers(client, page_urls):
    for url in page_urls:
        response = client.get(url)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp, url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "same-origin", url
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response.headers["X-Frame-Options"] == "DENY", url
        assert "camera=()" in response.headers["Permissions-Policy"], url


def test_health_reports_the_database(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db import DatabaseError
    from django.db.backends.utils import CursorWrapper

    def down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", down)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
