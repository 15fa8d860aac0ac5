"""Browser journey: a reader reports an answer, a moderator resolves it from the flag queue."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from moderation.models import Flag
from moderation.roles import moderator_group
from questions.models import PostStatus
from tests.factories import AnswerFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def sign_in_as(page, live_server, user):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_reader_reports_an_answer_and_a_moderator_hides_it_in_one_click(
    page, browser, live_server, assert_accessible
):
    answer = AnswerFactory(body="Rub lemon juice on the burn.")
    reader = UserFactory(email="reader@example.com")
    moderator = UserFactory(email="moderator@example.com", is_staff=True)
    moderator.groups.add(moderator_group())

    sign_in_as(page, live_server, reader)
    page.goto(live_server.url + answer.question.get_absolute_url())
    page.get_by_role("link", name="Report this answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a post")
    assert_accessible(page)
    page.get_by_label("What is wrong with this post?").select_option("misinformation")
    page.get_by_label("Anything a moderator should know (optional)").fill("Lemon juice burns skin.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("A moderator will review your report.")).to_be_visible()

    moderator_context = browser.new_context()
    admin = moderator_context.new_page()
    admin.goto(live_server.url + "/admin/login/")
    admin.fill("#id_username", moderator.email)
    admin.fill("#id_password", PASSWORD)
    admin.get_by_role("button", name="Log in").click()
    admin.goto(live_server.url + "/admin/moderation/flag/")
    row = admin.locator("#result_list tbody tr").filter(has_text="Lemon juice burns skin.")
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Hide post").click()
    expect(admin.get_by_text("Report upheld; the post is hidden.")).to_be_visible()
    expect(admin.locator("#result_list")).to_have_count(0)
    moderator_context.close()

    answer.refresh_from_db()
    assert answer.status == PostStatus.HIDDEN
    assert Flag.objects.get().status == Flag.Status.UPHELD
    page.goto(live_server.url + answer.question.get_absolute_url())
    expect(page.get_by_text("Rub lemon juice on the burn.")).to_have_count(0)
