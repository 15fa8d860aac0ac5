from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from playwright.sync_api import expect

from askdoc import demo_seed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0, stdout=StringIO())
    return live_server.url


def test_reader_searches_from_the_header_and_filters_by_city(page, site, assert_accessible):
    page.goto(site + "/")
    page.get_by_role("search", name="Search the site").get_by_label("Search questions").fill("microneedling")
    page.get_by_role("search", name="Search the site").get_by_role("button", name="Search").click()
    expect(page).to_have_url(site + "/search/?q=microneedling")
    results = page.locator("article.search-result")
    expect(results.first).to_be_visible()
    expect(page.get_by_role("link", name=demo_seed.SEED_QUESTION_TITLE)).to_be_visible()
    expect(results.first.locator("mark").first).to_have_text("microneedling", ignore_case=True)
    assert_accessible(page)

    page.get_by_label("City").select_option(label="Calgary")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name=demo_seed.SEED_QUESTION_TITLE)).to_be_visible()
    expect(page.get_by_label("Search questions", exact=True).last).to_have_value("microneedling")


def test_reader_browses_a_city_and_a_topic_in_it(phone_page, site, assert_accessible):
    page = phone_page
    page.goto(site + "/cities/calgary/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions from Calgary")
    expect(page.get_by_role("link", name=demo_seed.SEED_QUESTION_TITLE)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=demo_seed.SEED_QUESTION_TITLE).click()
    page.get_by_role("link", name="Microneedling in Calgary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Microneedling in Calgary")
    assert_accessible(page)


def test_a_misspelt_search_still_finds_the_question(page, site):
    if connection.vendor != "postgresql":
        pytest.skip("Typo correction needs PostgreSQL (pg_trgm); CI runs it with DATABASE_URL=postgres://...")
    page.goto(site + "/search/?q=microneedeling")
    expect(page.get_by_role("status")).to_contain_text("microneedling")
    expect(page.get_by_role("link", name=demo_seed.SEED_QUESTION_TITLE)).to_be_visible()
