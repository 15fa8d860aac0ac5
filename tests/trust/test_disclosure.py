import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from answers.models import Answer
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_every_answer_carries_the_doctors_disclosure_line(client):
    doctor = DoctorFactory(treatment_interest="performs", clinic="Bow River Dermatology")
    answer = AnswerFactory(doctor=doctor)
    other = AnswerFactory(question=answer.question)
    response = client.get(answer.question.get_absolute_url())
    assertContains(response, "Performs the treatments discussed at Bow River Dermatology.")
    assert other.doctor.treatment_interest == ""
    assertContains(response, "has not stated whether they perform or sell")


def test_doctor_adds_a_per_answer_disclosure(client):
    doctor = DoctorFactory()
    question = QuestionFactory()
    client.force_login(doctor.user)
    client.post(
        reverse("answers:create", args=[question.pk]),
        {"body": "Try azelaic acid.", "disclosure": "I advise the maker of this cream.", "action": "publish"},
    )
    answer = Answer.objects.get()
    assert answer.disclosure == "I advise the maker of this cream."
    assertContains(
        client.get(question.get_absolute_url()), "For this answer: I advise the maker of this cream."
    )


def test_disclosure_of_5000_characters_is_a_form_error_that_keeps_the_answer(client):
    doctor = DoctorFactory()
    question = QuestionFactory()
    client.force_login(doctor.user)
    response = client.post(
        reverse("answers:create", args=[question.pk]),
        {"body": "Try azelaic acid.", "disclosure": "x" * 5000, "action": "publish"},
    )
    assert response.status_code == 200
    assertContains(response, "Please keep the disclosure under 500 characters.")
    assertContains(response, "Try azelaic acid.")
    assert not Answer.objects.exists()


def test_answer_linking_to_the_doctors_own_clinic_is_marked(client):
    doctor = DoctorFactory(clinic_url="https://www.bowriverderm.example/")
    own = AnswerFactory(doctor=doctor, body="Book at [our clinic](https://bowriverderm.example/book).")
    AnswerFactory(question=own.question, body="See [the CDA](https://dermatology.ca/).")
    response = client.get(own.question.get_absolute_url())
    assertContains(response, "s own clinic</span>", count=1)
