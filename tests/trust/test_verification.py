import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from answers.models import Answer, Reply
from moderation.models import ModerationDecision
from questions.models import PostStatus
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _expired_doctor(**kwargs):
    return DoctorFactory(verified_at=timezone.now() - datetime.timedelta(days=400), **kwargs)


def test_verification_expires_after_the_configured_days(settings):
    settings.DOCTOR_VERIFICATION_VALID_DAYS = 30
    doctor = DoctorFactory(verified_at=timezone.now() - datetime.timedelta(days=31))
    assert doctor.is_verification_expired and not doctor.can_publish
    settings.DOCTOR_VERIFICATION_VALID_DAYS = 365
    assert not doctor.is_verification_expired and doctor.can_publish


def test_expired_doctor_cannot_answer(client):
    doctor = _expired_doctor()
    question = QuestionFactory()
    client.force_login(doctor.user)
    response = client.post(
        reverse("answers:create", args=[question.pk]), {"body": "Use a bland moisturiser."}
    )
    assert response.status_code == 403
    assertContains(response, "verification has expired", status_code=403)
    assert not Answer.objects.exists()


def test_expired_doctor_cannot_reply(client):
    doctor = _expired_doctor()
    answer = AnswerFactory()
    client.force_login(doctor.user)
    response = client.post(reverse("answers:reply", args=[answer.pk]), {"body": "Agreed with the above."})
    assert response.status_code == 403
    assert not Reply.objects.exists()


def test_expiry_hides_nothing_already_published(client):
    doctor = _expired_doctor(name="Old Timer")
    answer = AnswerFactory(doctor=doctor)
    response = client.get(answer.question.get_absolute_url())
    assertContains(response, "Redness after a peel usually fades")
    assertContains(response, "Verification expired")
    assertNotContains(response, ">Verified doctor<")


def test_badge_opens_to_licensing_details_and_dates(client):
    doctor = DoctorFactory(
        licensing_body="College of Physicians and Surgeons of Alberta",
        licence_number="CPSA-12345",
        specialty="Dermatology",
    )
    answer = AnswerFactory(doctor=doctor)
    response = client.get(answer.question.get_absolute_url())
    assertContains(response, '<details class="verification-details">')
    assertContains(response, "College of Physicians and Surgeons of Alberta")
    assertContains(response, "CPSA-12345")
    assertContains(response, "To be re-checked by")
    assertContains(response, "Licensed in Alberta")


@pytest.mark.parametrize(
    ("verified_days_ago", "badge"), [(1, ">Verified doctor<"), (400, ">Verification expired<")]
)
def test_answer_header_shows_the_verification_badge_once_opening_to_how_we_checked(
    client, verified_days_ago, badge
):
    doctor = DoctorFactory(verified_at=timezone.now() - datetime.timedelta(days=verified_days_ago))
    answer = AnswerFactory(doctor=doctor)
    response = client.get(answer.question.get_absolute_url())
    assertContains(response, badge, count=1)
    summary = response.content.decode().split('<details class="verification-details">', 1)[1]
    summary = summary.split("</summary>", 1)[0]
    assert badge in summary and "How we checked" in summary


def test_licensed_in_field_wins_over_the_licensing_body():
    doctor = DoctorFactory.build(
        licensing_body="College of Physicians and Surgeons of Alberta", licensed_in="Yukon"
    )
    assert doctor.licence_region == "Yukon"
    assert DoctorFactory.build(licensing_body="Some board").licence_region == ""


def test_staff_reconfirm_renews_an_expired_verification(admin_client, admin_user):
    doctor = _expired_doctor()
    response = admin_client.post(
        reverse("admin:doctors_doctorprofile_changelist"),
        {"action": "reconfirm_doctors", "_selected_action": [doctor.pk]},
        follow=True,
    )
    assertContains(response, "1 verification re-confirmed.")
    doctor.refresh_from_db()
    assert doctor.can_publish
    assert ModerationDecision.objects.filter(action="doctor_reconfirm", actor=admin_user).exists()


def test_reconfirming_a_pending_doctor_is_a_message_not_a_500(admin_client):
    doctor = DoctorFactory(verification_status="pending", verified_at=None)
    response = admin_client.post(
        reverse("admin:doctors_doctorprofile_changelist"),
        {"action": "reconfirm_doctors", "_selected_action": [doctor.pk]},
        follow=True,
    )
    assertContains(response, "is not verified; verify them instead.")


def test_licence_number_of_5000_characters_is_a_form_error(client, patient):
    client.force_login(patient)
    response = client.post(
        reverse("doctors:join"),
        {
            "name": "New Doc",
            "specialty": "Dermatology",
            "licence_number": "9" * 5000,
            "licensing_body": "CPSA",
        },
    )
    assert response.status_code == 200
    assertContains(response, "Ensure this value has at most 50 characters")


def test_published_answer_of_expired_doctor_stays_published():
    answer = AnswerFactory(doctor=_expired_doctor())
    assert Answer.objects.published().filter(pk=answer.pk, status=PostStatus.PUBLISHED).exists()
