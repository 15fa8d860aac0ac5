import pytest
from pytest_django.asserts import assertContains, assertNotContains

from doctors.models import DoctorProfile
from questions.models import PostStatus
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_profile_shows_the_doctor_and_published_answers(client, django_assert_num_queries):
    doctor = DoctorFactory(
        name="Isabella Ward", licensing_body="College of Physicians and Surgeons of Alberta"
    )
    AnswerFactory(doctor=doctor, question=QuestionFactory(title="Visible question"))
    AnswerFactory(doctor=doctor, question=QuestionFactory(title="Hidden answer"), status=PostStatus.HIDDEN)
    with django_assert_num_queries(3):
        response = client.get(doctor.get_absolute_url())
    assertContains(response, "Dr Isabella Ward")
    assertContains(response, "College of Physicians and Surgeons of Alberta")
    assertContains(response, "Visible question")
    assertNotContains(response, "Hidden answer")


def test_pending_doctor_has_no_public_profile(client):
    doctor = DoctorFactory(verification_status=DoctorProfile.Verification.PENDING, verified_at=None)
    assert client.get(doctor.get_absolute_url()).status_code == 404
