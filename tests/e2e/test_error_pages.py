"""The 429 and 503 pages in a real browser: clear, in the site layout, and accessible."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_too_many_sign_ups_show_an_accessible_429_page(page, live_server, settings, assert_accessible):
    settings.ASKDOC_RATE_LIMITS = {**settings.ASKDOC_RATE_LIMITS, "subscribe": "1/3600"}
    for address in ("first@example.com", "second@example.com"):
        page.goto(live_server.url + "/topics/")
        page.get_by_label("Your email address").fill(address)
        page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many requests")
    expect(page.get_by_text(re.compile(r"Please try again in \d+ minutes?\."))).to_be_visible()
    assert_accessible(page)


def test_a_database_outage_shows_an_accessible_503_page(page, live_server, monkeypatch, assert_accessible):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = page.goto(live_server.url + "/")
    assert response.status == 503
    expect(page.get_by_role("heading", level=1)).to_have_text("askdoc is temporarily unavailable")
    assert_accessible(page)
