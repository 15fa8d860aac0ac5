"""Every answer, reply and dashboard URL walked as every role: who is let in, who is refused how."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from answers.models import Answer, DoctorAgreement, HelpfulMark, Reply
from doctors.models import DoctorProfile
from questions.models import PostStatus
from tests.factories import AnswerFactory, QuestionFactory, UserFactory, doctor_with_status

pytestmark = pytest.mark.django_db

V = DoctorProfile.Verification
ROLES = ["anonymous", "patient", "asker", "pending", "rejected", "withdrawn", "verified"]

# What each role gets. "login" is a redirect to the login page; numbers are status codes.
# 302 on a POST means it worked (the view redirects to the answer).
EXPECTED = {
    "create_form": {
        "anonymous": "login", "patient": 403, "asker": 403, "pending": 200, "rejected": 200,
        "withdrawn": 403, "verified": 200,
    },
    "create_publish": {
        "anonymous": "login", "patient": 403, "asker": 403, "pending": 403, "rejected": 403,
        "withdrawn": 403, "verified": 302,
    },
    "create_draft": {
        "anonymous": "login", "patient": 403, "asker": 403, "pending": 302, "rejected": 302,
        "withdrawn": 403, "verified": 302,
    },
    # Somebody else's answer: nobody but its doctor can even open the form.
    "edit_others": {
        "anonymous": "login", "patient": 403, "asker": 403, "pending": 404, "rejected": 404,
        "withdrawn": 403, "verified": 404,
    },
    "reply": {
        "anonymous": "login", "patient": 403, "asker": 302, "pending": 403, "rejected": 403,
        "withdrawn": 403, "verified": 302,
    },
    "helpful": {
        "anonymous": "login", "patient": 403, "asker": 302, "pending": 403, "rejected": 403,
        "withdrawn": 403, "verified": 403,
    },
    "agree": {
        "anonymous": "login", "patient": 403, "asker": 403, "pending": 403, "rejected": 403,
        "withdrawn": 403, "verified": 302,
    },
    "dashboard": {
        "anonymous": "login", "patient": 403, "asker": 403, "pending": 403, "rejected": 403,
        "withdrawn": 403, "verified": 200,
    },
    "digest": {
        "anonymous": "login", "patient": 403, "asker": 403, "pending": 403, "rejected": 403,
        "withdrawn": 403, "verified": 302,
    },
    # What changed in a published answer: public, like the answer.
    "changes": {
        "anonymous": 200, "patient": 200, "asker": 200, "pending": 200, "rejected": 200,
        "withdrawn": 200, "verified": 200,
    },
    # A doctor's own disclosure: any doctor still allowed to write.
    "profile_edit": {
        "anonymous": "login", "patient": 403, "asker": 403, "pending": 200, "rejected": 200,
        "withdrawn": 403, "verified": 200,
    },
}  # fmt: skip

# The clear message each refused role reads on the 403 page.
REFUSAL_TEXT = {
    "patient": "Only verified doctors",
    "asker": "Only verified doctors",
    "pending": "awaiting verification",
    "rejected": "could not verify your licence",
    "withdrawn": "verification was withdrawn",
}
# Where the URL, not the role, decides the message.
REFUSAL_TEXT_FOR = {"helpful": "Only the person who asked", "reply": "Only the asker and verified doctors"}


@pytest.fixture
def world():
    """A published question with one verified doctor's answer, and a user for each role."""
    answer = AnswerFactory(question__created_at=timezone.now() - timedelta(days=1))
    users = {
        "patient": UserFactory(),
        "asker": answer.question.author,
        "pending": doctor_with_status(V.PENDING).user,
        "rejected": doctor_with_status(V.REJECTED, rejection_reason="Licence not found").user,
        "withdrawn": doctor_with_status(V.WITHDRAWN, rejection_reason="Licence suspended").user,
        "verified": doctor_with_status(V.VERIFIED).user,
    }
    return answer, users


def _request(client, name, answer):
    question = answer.question
    if name == "create_form":
        return client.get(reverse("answers:create", args=[question.pk]))
    if name == "create_publish":
        return client.post(
            reverse("answers:create", args=[question.pk]), {"body": "New", "action": "publish"}
        )
    if name == "create_draft":
        return client.post(reverse("answers:create", args=[question.pk]), {"body": "New", "action": "draft"})
    if name == "edit_others":
        return client.get(reverse("answers:edit", args=[answer.pk]))
    if name == "reply":
        return client.post(reverse("answers:reply", args=[answer.pk]), {"body": "A follow-up"})
    if name == "helpful":
        return client.post(reverse("answers:helpful", args=[answer.pk]))
    if name == "agree":
        return client.post(reverse("answers:agree", args=[answer.pk]), {"comment": ""})
    if name == "dashboard":
        return client.get(reverse("doctors:dashboard"))
    if name == "digest":
        return client.post(reverse("doctors:digest"), {"wants_daily_digest": "on"})
    if name == "changes":
        return client.get(reverse("answers:changes", args=[answer.pk]))
    if name == "profile_edit":
        return client.get(reverse("doctors:profile_edit"))
    raise AssertionError(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_answer_url_as_every_role(client, world, name, role):
    answer, users = world
    if role != "anonymous":
        client.force_login(users[role])
    before = (Answer.objects.count(), Reply.objects.count(), HelpfulMark.objects.count())
    before += (DoctorAgreement.objects.count(),)
    response = _request(client, name, answer)
    expected = EXPECTED[name][role]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, response.content.decode()[:500]
    after = (Answer.objects.count(), Reply.objects.count(), HelpfulMark.objects.count())
    after += (DoctorAgreement.objects.count(),)
    if expected in ("login", 403, 404):
        assert after == before, "a refused request changed nothing"
    if expected == 403:
        role_text = REFUSAL_TEXT.get(role)
        url_text = REFUSAL_TEXT_FOR.get(name)
        content = response.content.decode()
        assert (role_text and role_text in content) or (url_text and url_text in content)


def test_withdrawn_doctor_is_told_the_reason(client, world):
    answer, users = world
    client.force_login(users["withdrawn"])
    response = client.get(reverse("answers:create", args=[answer.question.pk]))
    assert "Licence suspended" in response.content.decode()


def test_pending_doctors_draft_is_never_published(client, world):
    answer, users = world
    client.force_login(users["pending"])
    client.post(reverse("answers:create", args=[answer.question.pk]), {"body": "My draft", "action": "draft"})
    draft = Answer.objects.get(body="My draft")
    assert draft.status == PostStatus.PENDING
    assert not Answer.objects.published().filter(pk=draft.pk).exists()
    # Publishing the draft later is refused too, and it stays a draft.
    response = client.post(
        reverse("answers:edit", args=[draft.pk]), {"body": "My draft", "action": "publish"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == PostStatus.PENDING


def test_doctor_can_edit_only_their_own_answer(client, world):
    answer, users = world
    client.force_login(users["verified"])
    response = client.post(
        reverse("answers:edit", args=[answer.pk]), {"body": "Hijacked", "action": "publish"}
    )
    assert response.status_code == 404
    answer.refresh_from_db()
    assert answer.body != "Hijacked"
    client.force_login(answer.doctor.user)
    assert client.get(reverse("answers:edit", args=[answer.pk])).status_code == 200


def test_withdrawn_doctor_cannot_edit_their_published_answer(client):
    answer = AnswerFactory()
    DoctorProfile.objects.filter(pk=answer.doctor.pk).update(
        verification_status=V.WITHDRAWN, verified_at=None
    )
    client.force_login(answer.doctor.user)
    response = client.post(
        reverse("answers:edit", args=[answer.pk]), {"body": "Changed", "action": "publish"}
    )
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.body != "Changed"


def test_a_get_never_writes_on_post_only_urls(client, world):
    answer, users = world
    client.force_login(users["asker"])
    assert client.get(reverse("answers:helpful", args=[answer.pk])).status_code == 405
    client.force_login(users["verified"])
    assert client.get(reverse("answers:agree", args=[answer.pk])).status_code == 405
    assert client.get(reverse("doctors:digest")).status_code == 405
    assert not HelpfulMark.objects.exists() and not DoctorAgreement.objects.exists()


def test_hidden_question_cannot_be_answered(client):
    question = QuestionFactory(status=PostStatus.HIDDEN, published_at=None)
    client.force_login(doctor_with_status(V.VERIFIED).user)
    response = client.post(reverse("answers:create", args=[question.pk]), {"body": "Hi", "action": "publish"})
    assert response.status_code == 403
    assert "not open for answers" in response.content.decode()
    assert not Answer.objects.exists()
