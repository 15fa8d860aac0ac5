import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from askdoc import demo_seed
from questions.models import Question

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seed_url(live_server):
    with override_settings(DEBUG=True):
        call_command("load_demo", verbosity=0, stdout=StringIO())
    question = Question.objects.get(title=demo_seed.SEED_QUESTION_TITLE)
    return live_server.url + question.get_absolute_url()


def test_reader_sees_the_seed_question_its_answers_and_the_footer(page, seed_url, assert_accessible):
    page.goto(seed_url)
    expect(page).to_have_title(re.compile("Why Am I Breaking Out After Microneedling In Calgary"))
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_seed.SEED_QUESTION_TITLE)
    expect(page.get_by_text("Asked by Theo H.")).to_be_visible()
    expect(page.get_by_role("heading", name="2 Answers")).to_be_visible()
    answers = page.locator("article.answer")
    expect(answers).to_have_count(2)
    expect(answers.nth(0)).to_contain_text("Answered by Dr Isabella Ward")
    expect(answers.nth(1)).to_contain_text("Answered by Dr Isla Marshall")
    expect(answers.nth(1).locator(".moderator-note")).to_contain_text("not supported by evidence")
    expect(answers.nth(0).locator(".reply")).to_have_count(2)
    expect(page.get_by_role("heading", name="Stay in touch")).to_be_visible()
    expect(page.get_by_label("Your email address")).to_be_visible()
    assert_accessible(page)


def test_answers_come_after_the_question_in_time(page, seed_url):
    page.goto(seed_url)
    asked = page.locator("article.question time").first.get_attribute("datetime")
    answered = [t.get_attribute("datetime") for t in page.locator("article.answer .post-meta time").all()]
    from datetime import datetime

    assert all(datetime.fromisoformat(a) > datetime.fromisoformat(asked) for a in answered)


def test_seed_page_works_on_a_phone_and_home_links_to_it(
    phone_page, live_server, seed_url, assert_accessible
):
    phone_page.goto(live_server.url + "/")
    assert_accessible(phone_page)
    phone_page.get_by_role("link", name=demo_seed.SEED_QUESTION_TITLE).click()
    expect(phone_page).to_have_url(seed_url)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    assert_accessible(phone_page)


def test_visitor_subscribes_from_the_footer_without_javascript(browser, live_server, seed_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seed_url)
    page.get_by_label("Your email address").fill("reader@example.com")
    page.get_by_role("button", name="Subscribe").click()
    expect(page).to_have_url(seed_url)
    expect(page.get_by_text("Check your inbox to confirm")).to_be_visible()
    context.close()
