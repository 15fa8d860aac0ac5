"""Every kind of page, as every role, in a real browser: axe-core finds no violation, each page
has exactly one h1 and its headings never skip a level, and form errors are tied to their fields.

One test per role walks all the pages that role reaches with a single browser context (one
sign-in), collecting every problem before failing, so one run reports them all.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.services import notifications_unsubscribe_token
from doctors.models import DoctorProfile
from moderation.roles import moderator_group
from newsletter.tokens import confirm_token_make, unsubscribe_token_make
from questions.models import PostStatus, Question
from tests.factories import (
    AnswerFactory,
    DoctorFactory,
    FlagFactory,
    QuestionFactory,
    QuestionPhotoFactory,
    ReplyFactory,
    SubscriberFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Visible headings in document order, as [level, text].
HEADINGS_JS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .filter(h => h.getClientRects().length > 0)
  .map(h => [Number(h.tagName[1]), h.textContent.trim().replace(/\\s+/g, ' ')])"""

# Visible error messages that no field points at with aria-describedby.
UNTIED_ERRORS_JS = """() => Array.from(document.querySelectorAll('.invalid-feedback'))
  .filter(e => e.getClientRects().length > 0)
  .filter(e => !e.id || !document.querySelector('[aria-describedby~="' + e.id + '"]'))
  .map(e => e.textContent.trim())"""


@dataclass
class World:
    topic: object
    patient: object
    pending_doctor: object
    verified_doctor: object
    moderator: object
    question: Question
    unanswered: Question
    answer: object
    reply: object
    subscriber: object


@pytest.fixture
def world():
    cache.clear()  # allauth's rate limits count failed logins across tests
    topic = TopicFactory(name="Acne", slug="acne")
    patient = UserFactory(display_name="Theo H.")
    verified = DoctorFactory(name="Dr Isabella Ward", slug="isabella-ward")
    other = DoctorFactory(name="Dr Isla Marshall", slug="isla-marshall")
    pending = DoctorFactory(
        name="Dr Pending Park",
        slug="pending-park",
        verification_status=DoctorProfile.Verification.PENDING,
        verified_at=None,
    )
    moderator = UserFactory(display_name="Mo", is_staff=True)
    moderator.groups.add(moderator_group())

    # Asked two days ago, so its answers and replies (an hour apart each) are in the past.
    question = QuestionFactory(
        author=patient,
        created_at=timezone.now() - timedelta(days=2),
        title="Why am I breaking out after microneedling?",
        body="Small red spots on both cheeks since Friday. No fever.",
    )
    question.topics.add(topic)
    QuestionPhotoFactory(question=question, is_public=True)
    answer = AnswerFactory(
        question=question,
        doctor=verified,
        body="## What is happening\n\nPurging is common.\n\n- Keep it simple\n- Wear sunscreen",
    )
    AnswerFactory(
        question=question,
        doctor=other,
        body="Try a strong acid peel at once.",
        moderator_note="This advice is not supported by evidence.",
    )
    reply = ReplyFactory(answer=answer, author=patient)
    ReplyFactory(answer=answer, author=verified.user, author_display_name="", parent=reply)
    unanswered = QuestionFactory(author=patient, title="Is redness after a peel normal?")
    unanswered.topics.add(topic)
    QuestionFactory(author=patient, title="A question awaiting review", status=PostStatus.PENDING)
    FlagFactory(question=unanswered)
    subscriber = SubscriberFactory(status="pending", confirmed_at=None)
    return World(
        topic,
        patient,
        pending.user,
        verified.user,
        moderator,
        question,
        unanswered,
        answer,
        reply,
        subscriber,
    )


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


class Audit:
    """Runs every check on the page shown and remembers the problems instead of stopping."""

    def __init__(self, page, assert_accessible):
        self.page = page
        self.assert_accessible = assert_accessible
        self.problems = []
        self.seen = 0

    def __call__(self, name):
        page = self.page
        self.seen += 1
        try:
            self.assert_accessible(page)
        except AssertionError as error:
            self.problems.append(f"{name} ({page.url}): axe\n{error}")
        headings = page.evaluate(HEADINGS_JS)
        h1s = [text for level, text in headings if level == 1]
        if len(h1s) != 1:
            self.problems.append(f"{name}: expected one h1, found {h1s}")
        if headings and headings[0][0] != 1:
            self.problems.append(f"{name}: the first heading is {headings[0]}, not the h1")
        for (before, _), (level, text) in zip(headings, headings[1:], strict=False):
            if level > before + 1:
                self.problems.append(f"{name}: h{level} '{text}' follows an h{before}")
        untied = page.evaluate(UNTIED_ERRORS_JS)
        if untied:
            self.problems.append(f"{name}: errors not tied to a field: {untied}")
        if not page.evaluate("document.documentElement.lang"):
            self.problems.append(f"{name}: no lang on <html>")

    def visit(self, live_server, path, name=None):
        self.page.goto(live_server.url + path)
        self(name or path)

    def assert_clean(self):
        assert self.seen > 0
        assert not self.problems, "\n\n".join(self.problems)


@pytest.fixture
def audited(browser, live_server, assert_accessible):
    contexts = []

    def make(user=None, **context_options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context_options})
        contexts.append(context)
        if user is not None:
            sign_in(context, live_server, user)
        return Audit(context.new_page(), assert_accessible)

    yield make
    for context in contexts:
        context.close()


def _public_pages(world):
    return [
        "/",
        "/topics/",
        world.topic.get_absolute_url(),
        world.question.get_absolute_url(),
        world.unanswered.get_absolute_url(),
        world.answer.doctor.get_absolute_url(),
        "/no-such-page/",
    ]


def test_every_public_page_is_accessible_to_a_visitor(world, audited, live_server):
    audit = audited()
    for path in _public_pages(world):
        audit.visit(live_server, path)
    expect(audit.page.locator(".moderator-note")).to_have_count(0)  # unanswered question last but one
    for path in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        audit.visit(live_server, path)

    page = audit.page
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_login").fill("nobody@example.com")
    page.locator("#id_password").fill("wrong password")
    page.locator("form.account-form button[type=submit]").click()
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()
    audit("login with a wrong password")

    page.goto(live_server.url + "/accounts/signup/")
    page.locator("#id_email").fill("not-an-email")
    page.locator("form.account-form button[type=submit]").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    audit("sign-up with errors")

    page.goto(live_server.url + "/accounts/password/reset/")
    page.locator("#id_email").fill("nobody@example.com")
    page.locator("form.account-form button[type=submit]").click()
    audit("password reset sent")

    # Newsletter: subscribe error, confirmation, unsubscribe, a bad link.
    page.goto(live_server.url + "/")
    page.get_by_label("Your email address").fill("not an address")
    page.get_by_role("button", name="Subscribe").click()
    audit("newsletter subscribe error")
    audit.visit(
        live_server, f"/newsletter/confirm/{confirm_token_make(world.subscriber)}/", "newsletter confirm"
    )
    audit.visit(live_server, f"/newsletter/unsubscribe/{unsubscribe_token_make(world.subscriber.email)}/")
    page.get_by_role("button").filter(has_text=re.compile("unsubscribe", re.I)).first.click()
    audit("newsletter unsubscribed")
    audit.visit(live_server, "/newsletter/confirm/tampered-token/", "newsletter bad link")
    audit.visit(
        live_server,
        f"/accounts/notifications/off/{notifications_unsubscribe_token(world.patient)}/",
        "notifications off",
    )
    audit.assert_clean()


def test_every_page_a_patient_uses_is_accessible(world, audited, live_server):
    audit = audited(world.patient)
    for path in _public_pages(world):
        audit.visit(live_server, path)
    for path in [
        "/questions/ask/",
        f"/questions/{world.unanswered.pk}/edit/",
        "/my/questions/",
        "/accounts/settings/",
        "/accounts/settings/delete/",
        "/accounts/password/change/",
        "/doctors/join/",
        "/doctors/dashboard/",
        f"/moderation/report/answer/{world.answer.pk}/",
        f"/answers/{world.answer.pk}/reply/?parent={world.reply.pk}",
        f"/answers/question/{world.unanswered.pk}/new/",
    ]:
        audit.visit(live_server, path)

    page = audit.page
    page.goto(live_server.url + "/questions/ask/")
    page.get_by_role("button", name="Post my question").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    audit("ask form with errors")

    page.get_by_label("Your question").fill("Breaking out after microneedling, is it normal?")
    page.get_by_label("Details").fill("Small spots on my cheeks since Friday, no fever at all.")
    page.get_by_label("Acne").check()
    page.get_by_role("button", name="Post my question").click()
    expect(page.get_by_role("heading", name="Similar questions already answered")).to_be_visible()
    audit("ask: similar questions step")

    page.get_by_label("Details").fill("Since the peel I have chest pain and my face is swelling.")
    page.get_by_role("button", name="Post my question anyway").click()
    expect(page.get_by_role("heading", name="This may need urgent care")).to_be_visible()
    audit("ask: urgent care step")

    page.goto(live_server.url + f"/questions/{world.unanswered.pk}/edit/")
    page.get_by_label("Your question").fill("")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    audit("edit question with errors")

    page.goto(live_server.url + "/doctors/join/")
    page.locator("form:not(.subscribe__form) button[type=submit]").last.click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    audit("doctor join with errors")
    audit.assert_clean()


def test_every_page_a_doctor_awaiting_verification_uses_is_accessible(world, audited, live_server):
    audit = audited(world.pending_doctor)
    audit.visit(live_server, world.question.get_absolute_url())
    audit.visit(live_server, "/doctors/dashboard/", "dashboard refused")
    audit.visit(live_server, f"/answers/question/{world.unanswered.pk}/new/")
    page = audit.page
    page.get_by_label("Your answer").fill("Redness after a peel **usually** fades.\n\n- Moisturise")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".answer-preview")).to_be_visible()
    audit("answer preview (pending doctor)")
    audit.assert_clean()


def test_every_page_a_verified_doctor_uses_is_accessible(world, audited, live_server):
    audit = audited(world.verified_doctor)
    for path in [
        world.question.get_absolute_url(),
        world.unanswered.get_absolute_url(),
        "/doctors/dashboard/?tab=queue",
        "/doctors/dashboard/?tab=replies",
        "/doctors/dashboard/?tab=mine",
        world.answer.doctor.get_absolute_url(),
        f"/answers/{world.answer.pk}/edit/",
        f"/answers/question/{world.unanswered.pk}/new/",
    ]:
        audit.visit(live_server, path)
    page = audit.page
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    audit("answer form with errors")
    page.get_by_label("Your answer").fill("## Why\n\nRedness after a peel **usually** fades.\n\n- Moisturise")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".answer-preview")).to_be_visible()
    audit("answer preview")
    audit.assert_clean()


def test_the_admin_pages_moderators_use_are_accessible(world, audited, live_server):
    audit = audited(world.moderator)
    for path in [
        "/admin/",
        "/admin/moderation/flag/",
        "/admin/questions/question/",
        f"/admin/questions/question/{world.question.pk}/change/",
        "/admin/answers/answer/",
        f"/admin/answers/answer/{world.answer.pk}/change/",
        "/admin/answers/reply/",
        "/admin/doctors/doctorprofile/",
        "/admin/moderation/moderationdecision/",
    ]:
        audit.visit(live_server, path)
    audit.assert_clean()


def test_pages_are_accessible_in_the_dark_theme_and_on_a_phone(world, audited, live_server):
    dark = audited(world.patient, color_scheme="dark")
    assert dark.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    for path in [*_public_pages(world), "/questions/ask/", "/my/questions/", "/accounts/settings/"]:
        dark.visit(live_server, path)
    background = dark.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"

    phone = audited(world.verified_doctor, viewport={"width": 320, "height": 640}, is_mobile=True)
    for path in [world.question.get_absolute_url(), "/doctors/dashboard/", "/"]:
        phone.visit(live_server, path)
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 320, path
    dark.assert_clean()
    phone.assert_clean()


def _tab_to(page, predicate_js, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate_js}; }})()"):
            return
    raise AssertionError(f"Tab never reached {predicate_js}")


def _focus_is_visible(page):
    return page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; })()"
    )


def test_a_patient_asks_a_question_with_the_keyboard_alone(world, audited, live_server):
    page = audited(world.patient).page
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    _tab_to(page, "el.textContent.trim() === 'Ask a question'")
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a doctor")

    _tab_to(page, "el.id === 'id_title'")
    assert _focus_is_visible(page)
    page.keyboard.type("Does retinol make a fresh tattoo fade faster?")
    _tab_to(page, "el.id === 'id_body'")
    page.keyboard.type("My tattoo is two weeks old and I use retinol every night.")
    _tab_to(page, "el.type === 'checkbox' && el.labels[0].textContent.trim() === 'Acne'")
    page.keyboard.press("Space")
    _tab_to(page, "el.type === 'submit' && el.closest('form').classList.contains('ask-form')")
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Does retinol make a fresh tattoo fade faster?")
    question = Question.objects.get(title="Does retinol make a fresh tattoo fade faster?")
    assert list(question.topics.values_list("slug", flat=True)) == ["acne"]


def test_the_audit_reports_what_it_is_there_to_catch(page, assert_accessible):
    page.set_content(
        "<html><head><title>Bad page</title></head><body><main>"
        "<h2>Not first</h2><h1>One</h1><h1>Two</h1><h4>Skipped</h4>"
        '<input id="x" class="is-invalid"><div class="invalid-feedback" style="display:block">Bad</div>'
        "</main></body></html>"
    )
    audit = Audit(page, assert_accessible)
    audit("bad page")
    report = "\n".join(audit.problems)
    assert "axe" in report  # a field without a label, no lang
    assert "expected one h1" in report
    assert "the first heading is [2, 'Not first']" in report
    assert "h4 'Skipped' follows an h1" in report
    assert "errors not tied to a field: ['Bad']" in report
    assert "no lang on <html>" in report


def test_an_asker_replies_to_a_doctor_with_the_keyboard_alone(world, audited, live_server):
    page = audited(world.patient).page
    page.goto(live_server.url + world.question.get_absolute_url())
    reply_box = f"reply-body-{world.answer.pk}"
    _tab_to(page, f"el.id === '{reply_box}'", limit=80)
    assert _focus_is_visible(page)
    page.keyboard.type("Thank you, the spots are fading.")
    _tab_to(page, "el.type === 'submit' && el.textContent.trim() === 'Reply'")
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")

    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    expect(page.locator(".reply").filter(has_text="Thank you, the spots are fading.")).to_have_count(1)
