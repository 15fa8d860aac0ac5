"""Bad input on purpose: whatever is posted or put in a query string, no page answers a 500.

Hypothesis throws arbitrary text, Unicode, NUL bytes, huge values and missing fields at every
form and query parameter. Examples are few and derandomized so the suite stays fast and
repeatable; a failure prints the exact request to replay.
"""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.services import notifications_unsubscribe_token
from newsletter.tokens import confirm_token_make, unsubscribe_token_make
from tests.test_authorization_matrix import MATRIX, ROLES

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    "\x00",
    "a\x00b",
    "0",
    "-1",
    "9" * 40,
    "1e309",
    "NaN",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "\u202e\u200b\ufeff",
    "🩺" * 50,
    "ﷺ" * 100,
    "x" * 100_000,
]
# Any Unicode a browser can send (lone surrogates cannot be encoded as UTF-8 at all).
UNICODE = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
VALUE = st.one_of(st.sampled_from(NASTY), UNICODE, st.integers().map(str))
VALUES = st.one_of(VALUE, st.lists(VALUE, max_size=3))


def form_data(fields):
    """Any subset of the form's fields (and a stray one), each with any value or several."""
    return st.dictionaries(st.sampled_from([*fields, "unexpected"]), VALUES, max_size=len(fields) + 1)


def assert_no_server_error(client, method, url, data):
    response = getattr(client, method)(url, data)
    assert response.status_code < 500, f"{method.upper()} {url} {data!r} -> {response.status_code}"


@pytest.fixture
def clients(world, settings):
    settings.ASKDOC_RATE_LIMITS = dict.fromkeys(settings.ASKDOC_RATE_LIMITS, "100000/60")
    settings.ACCOUNT_RATE_LIMITS = False
    result = {"anonymous": Client(raise_request_exception=False)}
    for role, user in world.users.items():
        result[role] = Client(raise_request_exception=False)
        result[role].force_login(user)
    return result


# (url name, kwargs from the world, who posts, the form's fields)
FORMS = [
    (
        "questions:ask",
        lambda w: {},
        "patient",
        [
            "title",
            "body",
            "topics",
            "city",
            "ask_anonymously",
            "photos_public",
            "form_token",
            "photo_drafts",
            "seen_similar",
            "confirmed_urgent",
        ],
    ),
    ("questions:edit", lambda w: {"pk": w.pending_question.pk}, "patient", ["title", "body"]),
    ("questions:photo_private", lambda w: {"uuid": w.private_photo.uuid}, "patient", []),
    ("questions:photo_remove", lambda w: {"uuid": w.private_photo.uuid}, "patient", []),
    ("answers:create", lambda w: {"question_pk": w.open_question.pk}, "doctor", ["body", "action"]),
    ("answers:create", lambda w: {"question_pk": w.open_question.pk}, "pending_doctor", ["body", "action"]),
    ("answers:edit", lambda w: {"pk": w.answer.pk}, "doctor", ["body", "action"]),
    ("answers:reply", lambda w: {"pk": w.answer.pk}, "patient", ["body", "parent"]),
    ("answers:agree", lambda w: {"pk": w.other_answer.pk}, "doctor", ["comment"]),
    ("answers:helpful", lambda w: {"pk": w.answer.pk}, "patient", []),
    (
        "doctors:profile_edit",
        lambda w: {},
        "doctor",
        ["clinic", "clinic_url", "treatment_interest", "disclosure_note"],
    ),
    ("trust:consent_withdraw", lambda w: {"pk": w.consent.pk}, "patient", []),
    ("trust:invite", lambda w: {"question_pk": w.question.pk}, "patient", ["doctor"]),
    (
        "moderation:report",
        lambda w: {"kind": "answer", "pk": w.answer.pk},
        "other_patient",
        ["reason", "note"],
    ),
    ("newsletter:subscribe", lambda w: {}, "anonymous", ["email", "next", "website", "consent"]),
    ("newsletter:confirm", lambda w: {"token": confirm_token_make(w.subscriber)}, "anonymous", []),
    (
        "newsletter:unsubscribe",
        lambda w: {"token": unsubscribe_token_make(w.subscriber.email)},
        "anonymous",
        [],
    ),
    (
        "accounts:notifications_off",
        lambda w: {"token": notifications_unsubscribe_token(w.patient)},
        "anonymous",
        [],
    ),
    ("accounts:settings", lambda w: {}, "patient", ["display_name", "wants_answer_emails"]),
    ("accounts:delete", lambda w: {}, "other_patient", ["password", "confirm"]),
    (
        "doctors:join",
        lambda w: {},
        "other_patient",
        [
            "name",
            "specialty",
            "clinic",
            "city",
            "licence_number",
            "licensing_body",
            "topics",
            "bio",
            "portrait",
        ],
    ),
    ("doctors:digest", lambda w: {}, "doctor", ["wants_daily_digest"]),
    ("account_login", lambda w: {}, "anonymous", ["login", "password", "remember", "next"]),
    ("account_signup", lambda w: {}, "anonymous", ["email", "password1", "password2", "display_name"]),
    ("account_reset_password", lambda w: {}, "anonymous", ["email"]),
    ("account_reauthenticate", lambda w: {}, "patient", ["password"]),
    ("account_change_password", lambda w: {}, "patient", ["oldpassword", "password1", "password2"]),
    ("account_email", lambda w: {}, "patient", ["email", "action_add", "action_remove", "action_primary"]),
    ("account_logout", lambda w: {}, "other_patient", ["next"]),
    ("admin:moderation_flag_dismiss", lambda w: {"pk": w.flag.pk}, "moderator", []),
    ("admin:moderation_flag_uphold", lambda w: {"pk": w.flag.pk}, "moderator", []),
]


@pytest.mark.parametrize(("name", "kwargs", "role", "fields"), FORMS, ids=[f"{f[0]}-{f[2]}" for f in FORMS])
def test_no_form_post_gives_a_server_error(world, clients, name, kwargs, role, fields):
    url = reverse(name, kwargs=kwargs(world))

    @FUZZ
    @given(data=form_data(fields))
    def post(data):
        assert_no_server_error(clients[role], "post", url, data)

    post()


# (url name, kwargs from the world, who reads, the query parameters the page reads)
# Query parameters any page reads; pages are walked from the authorization matrix, so a new
# page (search, city pages, ...) is fuzzed as soon as it has a row there.
QUERY_PARAMETERS = ["page", "q", "topic", "city", "tab", "title", "parent", "next", "sort", "format"]


def readable_pages():
    """Each matrix row that someone may GET (200), with the first role that may."""
    pages = []
    for key, row in MATRIX.items():
        for role, outcome in zip(ROLES, row.get.split(), strict=True):
            if outcome == "200":
                pages.append((key, row.args, role))
                break
    return pages


PAGES = readable_pages()


@pytest.mark.parametrize(("key", "kwargs", "role"), PAGES, ids=[f"{p[0]}-{p[2]}" for p in PAGES])
def test_no_query_string_gives_a_server_error(world, clients, key, kwargs, role):
    url = reverse(key.split("(")[0], kwargs=kwargs(world))

    @settings(FUZZ, max_examples=6)
    @given(data=form_data(QUERY_PARAMETERS))
    def get(data):
        assert_no_server_error(clients[role], "get", url, data)

    get()


# Pages that take a POST but are not fuzzed above, and why.
NOT_FUZZED = {
    "admin:index": "the admin index ignores what is posted",
    "account_set_password": "redirects at once: every account here has a password",
    "account_confirm_login_code": "redirects at once: no login code is pending",
}


def test_every_form_is_fuzzed():
    fuzzed = {name for name, *_rest in FORMS}
    missing = [
        key
        for key, row in MATRIX.items()
        if set(row.post.split()) & {"200", "302", "400"}
        and key.split("(")[0] not in fuzzed
        and key.split("(")[0] not in NOT_FUZZED
    ]
    assert not missing, f"Add these forms to FORMS in tests/test_bad_input.py (or to NOT_FUZZED): {missing}"


@FUZZ
@given(segment=st.one_of(st.sampled_from(NASTY[:-1]), UNICODE.filter(lambda s: "/" not in s)))
def test_no_url_path_gives_a_server_error(clients, segment):
    from urllib.parse import quote

    for prefix in (
        "/topics/",
        "/doctors/",
        "/questions/1-",
        "/newsletter/confirm/",
        "/accounts/notifications/off/",
    ):
        url = prefix + quote(segment, safe="") + "/"
        assert_no_server_error(clients["patient"], "get", url, {})
