"""Who may GET and POST every URL of the site: one table, checked against every URL pattern.

The URL patterns come from the resolver, so a new view without a row here fails
`test_every_url_is_in_the_table` with the message "add it to the table".

To add a URL: add a row to MATRIX with the URL's arguments (built from the `world`) and the
expected outcome for each role, in ROLES order, for GET and for an empty POST. Outcomes:
  200, 301, 400, 403, 404, 405   that status code
  302                            a redirect that is not a sign-in page
  login                          a redirect to the sign-in page (site or admin)
An empty POST must never change anything it should not: where a POST is accepted (302 on a
toggle, say), the rows say who may do it.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.services import notifications_unsubscribe_token
from newsletter.tokens import confirm_token_make, unsubscribe_token_make

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "patient", "other_patient", "pending_doctor", "doctor", "moderator", "superuser")

# URLs we do not walk, and why. Everything else must have a row in MATRIX.
SKIPPED_NAMES = {
    # allauth views reached only with a one-time key from an email; allauth tests them, and
    # they need a real key to show anything but "bad link".
    "account_confirm_email",
    "account_reset_password_from_key",
    # The Django admin's own pages (login, logout, password change, autocomplete, i18n,
    # view-on-site, per-app index): guarded by AdminSite.admin_view for staff only.
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:app_list",
    "admin:auth_user_password_change",
}
# The pages ModelAdmin generates for each registered model (changelist, add, change,
# delete, history): their permissions are Django's, and tests/moderation/test_admin.py
# checks what the Moderator group may do there. admin:index and our own admin views are walked.
SKIPPED_NAME_PATTERNS = [re.compile(r"^admin:\w+_(changelist|add|history|delete|change)$")]
# Unnamed admin routes: the old-style object URL that redirects to .../change/, and the
# catch-all that sends unknown admin URLs to the index.
SKIPPED_ROUTES = {"admin/(?P<url>.*)$"}
SKIPPED_ROUTE_PATTERNS = [re.compile(r"^admin/[\w]+/[\w]+/<path:object_id>/$")]


@dataclass
class Row:
    """One URL: its arguments (a function of the world) and expected outcomes per role."""

    get: str
    post: str
    args: object = field(default=lambda w: {})


#                              anonymous patient other   pending doctor  moderator super
MATRIX = {
    # --- Public pages ---------------------------------------------------------
    "home": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "health": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "questions:topic_list": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "questions:topic": Row(
        args=lambda w: {"slug": w.topic.slug},
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "questions:detail": Row(
        args=lambda w: {"pk": w.question.pk, "slug": w.question.slug},
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "questions:detail_short": Row(
        args=lambda w: {"pk": w.question.pk},
        get="                      301      301    301     301     301     301      301",
        post="                     405      405    405     405     405     405      405",
    ),
    "questions:similar": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "doctors:profile": Row(
        args=lambda w: {"slug": w.doctor.slug},
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    # --- Search, browsing and what crawlers read ------------------------------------
    "search:search": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "search:city": Row(
        args=lambda w: {"slug": w.city.slug},
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "search:topic_in_city": Row(
        args=lambda w: {"topic_slug": w.topic.slug, "city_slug": w.city.slug},
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "search:topic_feed": Row(
        args=lambda w: {"slug": w.topic.slug},
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "search:robots": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "search:sitemap": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "search:sitemap_section": Row(
        args=lambda w: {"section": "questions"},
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    # --- A question awaiting review: its asker only (staff review it in the admin) ----
    "questions:detail(pending)": Row(
        args=lambda w: {"pk": w.pending_question.pk, "slug": w.pending_question.slug},
        get="                      404      200    404     404     404     404      404",
        post="                     405      405    405     405     405     405      405",
    ),
    # --- Patients: their own things; someone else's id is a 404 -----------------
    "questions:ask": Row(
        get="                      login    200    200     200     200     200      200",
        post="                     login    200    200     200     200     200      200",
    ),
    "questions:my_questions": Row(
        get="                      login    200    200     200     200     200      200",
        post="                     login    405    405     405     405     405      405",
    ),
    "questions:edit": Row(
        args=lambda w: {"pk": w.pending_question.pk},
        get="                      login    200    404     404     404     404      404",
        post="                     login    200    404     404     404     404      404",
    ),
    "questions:photo": Row(  # a doctors-only photo
        args=lambda w: {"uuid": w.private_photo.uuid},
        get="                      404      200    404     404     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "questions:photo_private": Row(  # the asker's own photo, at any time; anyone else's: 404
        args=lambda w: {"uuid": w.private_photo.uuid},
        get="                      login    405    405     405     405     405      405",
        post="                     login    302    404     404     404     404      404",
    ),
    "questions:photo_remove": Row(  # the asker's own photo, at any time; anyone else's: 404
        args=lambda w: {"uuid": w.private_photo.uuid},
        get="                      login    405    405     405     405     405      405",
        post="                     login    302    404     404     404     404      404",
    ),
    "questions:photo_thumbnail": Row(
        args=lambda w: {"uuid": w.private_photo.uuid},
        get="                      404      200    404     404     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "accounts:settings": Row(
        get="                      login    200    200     200     200     200      200",
        post="                     login    200    200     200     200     200      200",
    ),
    "accounts:data_export": Row(
        get="                      login    200    200     200     200     200      200",
        post="                     login    405    405     405     405     405      405",
    ),
    "accounts:delete": Row(
        get="                      login    200    200     200     200     200      200",
        post="                     login    200    200     200     200     200      200",
    ),
    # Anyone holding the signed link from the email (it names its user, not the visitor).
    "accounts:notifications_off": Row(
        args=lambda w: {"token": notifications_unsubscribe_token(w.patient)},
        get="                      200      200    200     200     200     200      200",
        post="                     200      200    200     200     200     200      200",
    ),
    # --- Answers and threads --------------------------------------------------------
    "answers:create": Row(
        args=lambda w: {"question_pk": w.open_question.pk},
        get="                      login    403    403     200     200     403      403",
        post="                     login    403    403     403     200     403      403",
    ),
    "answers:edit": Row(  # not a doctor: 403; another doctor's answer: 404
        args=lambda w: {"pk": w.answer.pk},
        get="                      login    403    403     404     200     403      403",
        post="                     login    403    403     404     200     403      403",
    ),
    "answers:reply": Row(
        args=lambda w: {"pk": w.answer.pk},
        get="                      login    200    403     403     200     403      403",
        post="                     login    200    403     403     200     403      403",
    ),
    "answers:helpful": Row(
        args=lambda w: {"pk": w.answer.pk},
        get="                      login    405    405     405     405     405      405",
        post="                     login    302    403     403     403     403      403",
    ),
    "answers:agree": Row(  # the answer is the verified doctor's own: refused with a message
        args=lambda w: {"pk": w.other_answer.pk},
        get="                      login    405    405     405     405     405      405",
        post="                     login    403    403     403     302     403      403",
    ),
    "answers:permalink": Row(  # a published answer: a redirect to its page of the question page
        args=lambda w: {"pk": w.answer.pk},
        get="                      302      302    302     302     302     302      302",
        post="                     405      405    405     405     405     405      405",
    ),
    "answers:changes": Row(  # the history of a published answer is public
        args=lambda w: {"pk": w.answer.pk},
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    # --- Doctors -----------------------------------------------------------------------
    "doctors:profile_edit": Row(  # one's own disclosure, no id in the URL; an empty POST re-asks
        get="                      login    403    403     200     200     403      403",
        post="                     login    403    403     200     200     403      403",
    ),
    "doctors:join": Row(
        get="                      login    200    200     302     302     200      200",
        post="                     login    200    200     302     302     200      200",
    ),
    "doctors:dashboard": Row(
        get="                      login    403    403     403     200     403      403",
        post="                     login    403    403     403     405     403      403",
    ),
    "doctors:digest": Row(
        get="                      login    403    403     403     405     403      403",
        post="                     login    403    403     403     302     403      403",
    ),
    # --- Patient trust -----------------------------------------------------------------
    "trust:consent_withdraw": Row(  # the patient's own consent; anyone else's is a 404
        args=lambda w: {"pk": w.consent.pk},
        get="                      login    405    405     405     405     405      405",
        post="                     login    302    404     404     404     404      404",
    ),
    # Clinical reviewers only (verified doctors in the "Clinical reviewer" group): nobody here.
    "trust:reviews": Row(
        get="                      login    403    403     403     403     403      403",
        post="                     login    405    405     405     405     405      405",
    ),
    "trust:review_decide": Row(
        args=lambda w: {"pk": 1},
        get="                      login    405    405     405     405     405      405",
        post="                     login    403    403     403     403     403      403",
    ),
    "trust:invite": Row(  # the asker and staff; for anyone else the question is a 404
        args=lambda w: {"question_pk": w.question.pk},
        get="                      login    200    404     404     404     200      200",
        post="                     login    200    404     404     404     200      200",
    ),
    # --- Reports and moderation -------------------------------------------------------
    "moderation:report": Row(
        args=lambda w: {"kind": "answer", "pk": w.answer.pk},
        get="                      login    200    200     200     200     200      200",
        post="                     login    200    200     200     200     200      200",
    ),
    "moderation:report(hidden post)": Row(
        args=lambda w: {"kind": "question", "pk": w.pending_question.pk},
        get="                      login    404    404     404     404     404      404",
        post="                     login    404    404     404     404     404      404",
    ),
    "admin:index": Row(
        get="                      login    login  login   login   login   200      200",
        post="                     login    login  login   login   login   200      200",
    ),
    "admin:moderation_flag_dismiss": Row(
        args=lambda w: {"pk": w.flag.pk},
        get="                      login    login  login   login   login   405      405",
        post="                     login    login  login   login   login   302      302",
    ),
    "admin:moderation_flag_uphold": Row(
        args=lambda w: {"pk": w.flag.pk},
        get="                      login    login  login   login   login   405      405",
        post="                     login    login  login   login   login   302      302",
    ),
    # --- Newsletter: the footer form, and signed links from emails ---------------------
    "newsletter:subscribe": Row(
        get="                      405      405    405     405     405     405      405",
        post="                     400      400    400     400     400     400      400",
    ),
    "newsletter:confirm": Row(
        args=lambda w: {"token": confirm_token_make(w.subscriber)},
        get="                      200      200    200     200     200     200      200",
        post="                     302      302    302     302     302     302      302",
    ),
    "newsletter:unsubscribe": Row(
        args=lambda w: {"token": unsubscribe_token_make(w.subscriber.email)},
        get="                      200      200    200     200     200     200      200",
        post="                     200      200    200     200     200     200      200",
    ),
    # --- allauth pages we rely on -------------------------------------------------------
    "account_login": Row(
        get="                      200      302    302     302     302     302      302",
        post="                     200      302    302     302     302     302      302",
    ),
    "account_logout": Row(
        get="                      302      200    200     200     200     200      200",
        post="                     302      302    302     302     302     302      302",
    ),
    "account_signup": Row(
        get="                      200      302    302     302     302     302      302",
        post="                     200      302    302     302     302     302      302",
    ),
    "account_inactive": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "account_reauthenticate": Row(
        get="                      login    200    200     200     200     200      200",
        post="                     login    200    200     200     200     200      200",
    ),
    "account_email": Row(
        get="                      login    200    200     200     200     200      200",
        post="                     login    302    302     302     302     302      302",
    ),
    "account_email_verification_sent": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "account_change_password": Row(
        get="                      login    200    200     200     200     200      200",
        post="                     login    200    200     200     200     200      200",
    ),
    "account_set_password": Row(
        get="                      login    302    302     302     302     302      302",
        post="                     login    302    302     302     302     302      302",
    ),
    "account_reset_password": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     200      200    200     200     200     200      200",
    ),
    "account_reset_password_done": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "account_reset_password_from_key_done": Row(
        get="                      200      200    200     200     200     200      200",
        post="                     405      405    405     405     405     405      405",
    ),
    "account_confirm_login_code": Row(
        get="                      login    302    302     302     302     302      302",
        post="                     login    302    302     302     302     302      302",
    ),
}


def _url_name(key):
    """'questions:detail(pending)' -> 'questions:detail': several rows may walk one URL."""
    return key.split("(")[0]


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name


def _is_skipped(route, name):
    if name is None:
        return route in SKIPPED_ROUTES or any(p.match(route) for p in SKIPPED_ROUTE_PATTERNS)
    return name in SKIPPED_NAMES or any(p.match(name) for p in SKIPPED_NAME_PATTERNS)


def test_every_url_is_in_the_table():
    declared = {_url_name(key) for key in MATRIX}
    missing = [
        f"{route!r} (name {name!r})"
        for route, name in _walk(get_resolver().url_patterns)
        if not _is_skipped(route, name) and name not in declared
    ]
    assert not missing, (
        "These URLs have no row in the authorization matrix; add it to the table "
        "(MATRIX in tests/test_authorization_matrix.py) with who may GET and POST them:\n  "
        + "\n  ".join(missing)
    )


def test_the_table_names_only_real_urls_and_full_rows():
    names = {name for _route, name in _walk(get_resolver().url_patterns)}
    for key, row in MATRIX.items():
        assert _url_name(key) in names, f"{key}: no such URL name"
        assert len(row.get.split()) == len(row.post.split()) == len(ROLES), f"{key}: one outcome per role"


def _outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        signed_in_pages = (reverse("account_login"), reverse("admin:login"))
        return "login" if location.split("?")[0] in signed_in_pages else "302"
    return str(response.status_code)


@pytest.mark.parametrize("key", list(MATRIX))
def test_who_may_get_and_post(world, key):
    row = MATRIX[key]
    url = reverse(_url_name(key), kwargs=row.args(world))
    wrong = []
    for method, expected_row in (("GET", row.get), ("POST", row.post)):
        for role, expected in zip(ROLES, expected_row.split(), strict=True):
            client = Client(raise_request_exception=False)
            if role != "anonymous":
                client.force_login(world.users[role])
            response = client.get(url) if method == "GET" else client.post(url, {})
            if _outcome(response) != expected:
                wrong.append(f"{method} {url} as {role}: expected {expected}, got {_outcome(response)}")
    assert not wrong, "\n".join(wrong)


# --- Someone else's objects are never reachable by changing an id --------------------


def test_a_patient_cannot_edit_another_patients_question_by_its_id(world, client):
    client.force_login(world.users["other_patient"])
    url = reverse("questions:edit", args=[world.pending_question.pk])
    response = client.post(url, {"title": "Hijacked title for sure", "body": "Hijacked body " * 5})
    assert response.status_code == 404
    world.pending_question.refresh_from_db()
    assert "Hijacked" not in world.pending_question.title


def test_a_doctor_cannot_edit_another_doctors_answer_by_its_id(world, client):
    client.force_login(world.other_answer.doctor.user)
    response = client.post(reverse("answers:edit", args=[world.answer.pk]), {"body": "Hijacked"})
    assert response.status_code == 404
    world.answer.refresh_from_db()
    assert world.answer.body != "Hijacked"


def test_the_data_export_holds_only_the_signed_in_users_own_posts(world, client):
    client.force_login(world.users["other_patient"])
    export = client.get(reverse("accounts:data_export")).content.decode()
    assert world.question.title not in export
    assert world.pending_question.title not in export
    client.force_login(world.patient)
    export = client.get(reverse("accounts:data_export")).content.decode()
    assert world.question.title in export


def test_someone_elses_draft_photos_token_attaches_nothing(world, client):
    from django.core.files.base import ContentFile

    from questions.models import Question
    from questions.photos import ProcessedPhoto, photo_drafts_store
    from tests.images import image_bytes

    photo = ProcessedPhoto(image=ContentFile(image_bytes()), thumbnail=ContentFile(image_bytes()))
    token = photo_drafts_store(user=world.patient, photos=[photo])
    client.force_login(world.users["other_patient"])
    data = {
        "title": "Is this rash after microneedling normal?",
        "body": "Small red bumps appeared two days after my microneedling session.",
        "topics": [world.topic.pk],
        "photo_drafts": token,
        "seen_similar": "on",
        "confirmed_urgent": "on",
        "form_token": "f" * 32,
    }
    response = client.post(reverse("questions:ask"), data)
    assert response.status_code == 302
    question = Question.objects.get(author=world.users["other_patient"])
    assert question.photos.count() == 0
