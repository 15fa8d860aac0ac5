"""Scripts only enhance (issue 10, item 3): the live Markdown preview on the answer form and
collapsible long reply threads, each checked with JavaScript on and off, under the strict CSP."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from answers.models import Answer
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, ReplyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
BODY = "**Purging** is common.\n\n- Keep a gentle routine"


def csp_violations(page):
    """Console errors Chromium logs when the Content-Security-Policy blocks something."""
    found = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    return found


def assert_strict_csp(response):
    policy = response.headers["content-security-policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"], policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


@pytest.fixture
def doctor():
    doctor = DoctorFactory(name="Isabella Ward", user__email="ward@clinic.example")
    EmailAddress.objects.create(user=doctor.user, email=doctor.user.email, verified=True, primary=True)
    return doctor


@pytest.fixture
def question():
    return QuestionFactory(
        title="Breakouts after microneedling?", created_at=timezone.now() - timedelta(days=1)
    )


def log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_answer_preview_appears_while_the_doctor_types(
    page, live_server, doctor, question, assert_accessible
):
    violations = csp_violations(page)
    log_in(page, live_server, "ward@clinic.example")
    response = page.goto(live_server.url + reverse("answers:create", args=[question.pk]))
    assert_strict_csp(response)
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer this question")
    region = page.locator(".answer-preview-region")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(page.locator("section.answer-preview")).to_have_count(0)

    body = page.get_by_label("Your answer")
    body.fill(BODY)
    preview = page.locator("section.answer-preview")
    expect(preview.locator("strong")).to_have_text("Purging")
    expect(preview.locator("li")).to_have_text("Keep a gentle routine")
    # The preview sits inside the live region, once, and nothing was saved.
    expect(region.locator("section.answer-preview")).to_have_count(1)
    expect(body).to_have_value(BODY)
    assert not Answer.objects.exists()
    assert_accessible(page)

    # It follows the text; markup is sanitized by the server, and nothing the doctor types runs.
    body.fill("Use *SPF 50* daily <script>document.title = 'hacked'</script><img src=x onerror=alert(1)>")
    expect(preview.locator("em")).to_have_text("SPF 50")
    expect(preview.locator("script")).to_have_count(0)
    expect(preview.locator("[onerror]")).to_have_count(0)
    assert page.title() != "hacked"

    # Clearing the field clears the preview rather than showing a stale one.
    body.fill("")
    expect(preview).to_have_count(0)

    # The Preview button still works the old way, and the page keeps a single preview.
    body.fill(BODY)
    page.get_by_role("button", name="Preview").click()
    expect(preview.locator("strong")).to_have_text("Purging")
    expect(page.locator("section.answer-preview")).to_have_count(1)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Your answer is published.")).to_be_visible()
    assert Answer.objects.get().body.replace("\r\n", "\n") == BODY
    assert violations == []


def test_answer_preview_button_works_without_javascript(browser, live_server, doctor, question):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "ward@clinic.example")
    page.goto(live_server.url + reverse("answers:create", args=[question.pk]))
    page.get_by_label("Your answer").fill(BODY)
    expect(page.locator("section.answer-preview")).to_have_count(0)
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("section.answer-preview")
    expect(preview.locator("strong")).to_have_text("Purging")
    expect(page.get_by_label("Your answer")).to_have_value(BODY)
    assert not Answer.objects.exists()
    context.close()


@pytest.fixture
def long_thread(question):
    answer = AnswerFactory(question=question)
    replies = [
        ReplyFactory(
            answer=answer, body=f"Reply number {n}", created_at=answer.created_at + timedelta(minutes=n)
        )
        for n in range(1, 7)
    ]
    # A nested reply under an early reply is hidden and shown with it.
    ReplyFactory(
        answer=answer,
        parent=replies[0],
        body="Nested under the first",
        created_at=answer.created_at + timedelta(minutes=30),
    )
    # A short thread under another answer is left alone.
    short = AnswerFactory(question=question)
    for n in range(1, 4):
        ReplyFactory(
            answer=short, body=f"Short thread {n}", created_at=short.created_at + timedelta(minutes=n)
        )
    return answer, replies


def test_a_long_thread_collapses_and_expands_with_the_keyboard(
    page, live_server, long_thread, assert_accessible
):
    answer, replies = long_thread
    violations = csp_violations(page)
    response = page.goto(live_server.url + answer.question.get_absolute_url())
    assert_strict_csp(response)
    thread = page.locator(f"#answer-{answer.pk}-replies")
    button = thread.get_by_role("button", name="earlier replies")
    expect(button).to_have_text("Show 4 earlier replies")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", f"answer-{answer.pk}-replies-list")
    for n in range(1, 5):
        expect(page.get_by_text(f"Reply number {n}", exact=True)).to_be_hidden()
    expect(page.get_by_text("Nested under the first")).to_be_hidden()
    expect(page.get_by_text("Reply number 5", exact=True)).to_be_visible()
    expect(page.get_by_text("Reply number 6", exact=True)).to_be_visible()
    # Three replies or fewer: no button, all shown.
    expect(page.get_by_role("button", name="earlier repl")).to_have_count(1)
    expect(page.get_by_text("Short thread 1")).to_be_visible()
    assert_accessible(page)

    # Reach the button with Tab from the answer's last link before the thread, press Enter.
    thread_top = page.locator(f"#answer-{answer.pk} .report-link").first
    thread_top.focus()
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(button).to_have_text("Hide 4 earlier replies")
    for n in range(1, 7):
        expect(page.get_by_text(f"Reply number {n}", exact=True)).to_be_visible()
    expect(page.get_by_text("Nested under the first")).to_be_visible()
    # The revealed replies come next in tab order: the first one's report link.
    page.keyboard.press("Tab")
    expect(page.locator(f"#reply-{replies[0].pk} .report-link").first).to_be_focused()
    assert_accessible(page)

    # Space collapses it again.
    button.focus()
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_text("Reply number 1", exact=True)).to_be_hidden()
    assert violations == []


def test_a_link_to_an_earlier_reply_is_not_hidden(page, live_server, long_thread):
    answer, replies = long_thread
    page.goto(f"{live_server.url}{answer.question.get_absolute_url()}#reply-{replies[1].pk}")
    expect(page.get_by_text("Reply number 2", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Hide 4 earlier replies")).to_have_attribute(
        "aria-expanded", "true"
    )


def test_a_long_thread_shows_every_reply_without_javascript(browser, live_server, long_thread):
    answer, _ = long_thread
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + answer.question.get_absolute_url())
    for n in range(1, 7):
        expect(page.get_by_text(f"Reply number {n}", exact=True)).to_be_visible()
    expect(page.get_by_text("Nested under the first")).to_be_visible()
    expect(page.get_by_role("button", name="earlier repl")).to_have_count(0)
    context.close()
