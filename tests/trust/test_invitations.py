import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, TopicFactory, UserFactory
from trust.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(patient):
    question = QuestionFactory(author=patient)
    question.topics.add(TopicFactory(slug="acne", name="Acne"))
    return question


def _doctor_of(question, **kwargs):
    doctor = DoctorFactory(**kwargs)
    doctor.topics.add(*question.topics.all())
    return doctor


def _invite(client, question, doctor):
    return client.post(reverse("trust:invite", args=[question.pk]), {"doctor": doctor.pk})


def test_asker_invites_a_doctor_of_the_topic_who_is_emailed_and_sees_it(
    client, patient, question, mailoutbox, django_capture_on_commit_callbacks
):
    doctor = _doctor_of(question, name="Isabella Ward")
    client.force_login(patient)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, question, doctor)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.doctor == doctor and invitation.invited_by == patient
    assert [message.to for message in mailoutbox] == [[doctor.user.email]]
    client.force_login(doctor.user)
    assertContains(client.get(reverse("doctors:dashboard")), question.title)


def test_moderator_can_invite(client, question):
    doctor = _doctor_of(question)
    client.force_login(UserFactory(is_staff=True))
    _invite(client, question, doctor)
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("who", ["other_patient", "doctor"])
def test_others_cannot_invite(client, question, who):
    doctor = _doctor_of(question)
    client.force_login(UserFactory() if who == "other_patient" else doctor.user)
    assert client.get(reverse("trust:invite", args=[question.pk])).status_code == 404
    assert _invite(client, question, doctor).status_code == 404
    assert not Invitation.objects.exists()


def test_anonymous_is_sent_to_log_in(client, question):
    assert client.get(reverse("trust:invite", args=[question.pk])).status_code == 302


def test_invite_page_lists_doctors_of_the_topic_with_fixed_queries(
    client, patient, question, django_assert_num_queries
):
    for n in range(4):
        _doctor_of(question, name=f"Topic Doc {n}")
    DoctorFactory(name="Elsewhere Doc")
    client.force_login(patient)
    with django_assert_num_queries(6):
        response = client.get(reverse("trust:invite", args=[question.pk]))
    assertContains(response, "Topic Doc 3")
    assert "Elsewhere Doc" not in response.content.decode()


def test_inviting_a_pending_doctor_is_a_clear_message(client, patient, question):
    pending = _doctor_of(question, verification_status="pending", verified_at=None)
    client.force_login(patient)
    response = _invite(client, question, pending)
    assert response.status_code == 200
    assertContains(response, "is not a verified doctor at the moment")
    assert not Invitation.objects.exists()


def test_inviting_oneself_is_a_clear_message(client, question):
    doctor = _doctor_of(question)
    doctor.user.is_staff = True
    doctor.user.save()
    client.force_login(doctor.user)
    assertContains(_invite(client, question, doctor), "You cannot invite yourself.")


def test_inviting_a_doctor_twice_is_a_clear_message(client, patient, question):
    doctor = _doctor_of(question)
    client.force_login(patient)
    _invite(client, question, doctor)
    assertContains(_invite(client, question, doctor), "has already been invited to this question")
    assert Invitation.objects.count() == 1


def test_at_most_three_open_invitations_per_question(client, patient, question):
    doctors = [_doctor_of(question) for _ in range(4)]
    client.force_login(patient)
    for doctor in doctors[:3]:
        _invite(client, question, doctor)
    assertContains(_invite(client, question, doctors[3]), "already has 3 open invitations")
    assert Invitation.objects.count() == 3


def test_answering_closes_the_invitation(client, patient, question):
    doctor = _doctor_of(question)
    client.force_login(patient)
    _invite(client, question, doctor)
    client.force_login(doctor.user)
    client.post(
        reverse("answers:create", args=[question.pk]), {"body": "Try azelaic acid.", "action": "publish"}
    )
    assert Invitation.objects.get().status == "answered"


def test_doctor_outside_the_topic_cannot_be_invited(client, patient, question):
    stranger = DoctorFactory()
    client.force_login(patient)
    assertContains(_invite(client, question, stranger), "does not answer in this question")


def test_doctor_who_answered_is_not_offered(client, patient, question):
    doctor = _doctor_of(question, name="Already Answered")
    AnswerFactory(question=question, doctor=doctor)
    client.force_login(patient)
    assert "Already Answered" not in client.get(reverse("trust:invite", args=[question.pk])).content.decode()
