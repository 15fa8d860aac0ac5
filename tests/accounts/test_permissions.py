"""Every patient page as every role: who gets the page, who is sent to log in, who gets a 404."""

import pytest
from django.urls import reverse

from tests.factories import DoctorFactory, QuestionFactory, QuestionPhotoFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned():
    """A patient's pending question with a doctors-only photo."""
    question = QuestionFactory(status="pending", published_at=None)
    photo = QuestionPhotoFactory(question=question, is_public=False)
    return question, photo


def _login(client, role, owner):
    users = {
        "anonymous": None,
        "owner": owner,
        "other_patient": UserFactory(),
        "verified_doctor": DoctorFactory().user,
        "staff": UserFactory(is_staff=True),
        "pending_doctor": DoctorFactory(verification_status="pending", verified_at=None).user,
    }
    if users[role] is not None:
        client.force_login(users[role])


# For each URL: the expected status for each role (302 = sent to log in). Moderators (staff)
# review questions awaiting moderation, photos included; they cannot edit them.
ROLES = ["anonymous", "owner", "other_patient", "verified_doctor", "pending_doctor", "staff"]
_ROWS = {
    # One status per role, in the order of ROLES.
    "settings": [302, 200, 200, 200, 200, 200],
    "delete": [302, 200, 200, 200, 200, 200],
    "export": [302, 200, 200, 200, 200, 200],
    "my_questions": [302, 200, 200, 200, 200, 200],
    "question": [404, 200, 404, 404, 404, 404],
    "edit": [302, 200, 404, 404, 404, 404],
    "photo": [404, 200, 404, 404, 404, 200],
    "photo_thumbnail": [404, 200, 404, 404, 404, 200],
}
MATRIX = {name: dict(zip(ROLES, statuses, strict=True)) for name, statuses in _ROWS.items()}


def _url(name, question, photo):
    return {
        "settings": reverse("accounts:settings"),
        "delete": reverse("accounts:delete"),
        "export": reverse("accounts:data_export"),
        "my_questions": reverse("questions:my_questions"),
        "question": question.get_absolute_url(),
        "edit": reverse("questions:edit", kwargs={"pk": question.pk}),
        "photo": reverse("questions:photo", kwargs={"uuid": photo.uuid}),
        "photo_thumbnail": reverse("questions:photo_thumbnail", kwargs={"uuid": photo.uuid}),
    }[name]


@pytest.mark.parametrize(("name", "role"), [(name, role) for name, roles in MATRIX.items() for role in roles])
def test_patient_pages_by_role(client, owned, name, role):
    question, photo = owned
    _login(client, role, question.author)
    response = client.get(_url(name, question, photo))
    assert response.status_code == MATRIX[name][role]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))


def test_account_data_export_is_always_the_signed_in_users_own(client, owned):
    question, _photo = owned
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:data_export")).json()["questions"] == []


@pytest.mark.parametrize("name", ["account_change_password", "account_email", "account_logout"])
def test_account_management_pages_use_the_site_layout(client, name):
    client.force_login(UserFactory())
    response = client.get(reverse(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Skip to main content" in content
    assert content.count("<h1") == 1
