"""The doctor verification queue in admin, and the audit trail of every verification decision."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from answers.models import Answer
from doctors.models import DoctorProfile
from moderation.models import DecisionAction, ModerationDecision
from moderation.services import doctor_reject, doctor_verify, doctor_withdraw
from questions.models import PostStatus
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, UserFactory, doctor_with_status

pytestmark = pytest.mark.django_db

V = DoctorProfile.Verification
QUEUE = "admin:doctors_doctorawaitingverification_changelist"
DOCTORS = "admin:doctors_doctorprofile_changelist"


def _pending(days_ago=0, **kwargs):
    doctor = doctor_with_status(V.PENDING, **kwargs)
    DoctorProfile.objects.filter(pk=doctor.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return doctor


def _act(client, url_name, action, doctors, **extra):
    data = {"action": action, "_selected_action": [d.pk for d in doctors], "index": "0", **extra}
    return client.post(reverse(url_name), data, follow=True)


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _decisions(doctor):
    return list(
        ModerationDecision.objects.filter(
            content_type__model="doctorprofile", object_id=doctor.pk
        ).values_list("action", "actor__email", "reason")
    )


# --- The queue page -------------------------------------------------------------------


def test_queue_lists_only_pending_doctors_oldest_first_with_licence_details(moderator_client):
    newer = _pending(1, name="Newer Applicant", licence_number="NEW-1", licensing_body="CPSO")
    older = _pending(5, name="Older Applicant", licence_number="OLD-9", licensing_body="CPSA")
    DoctorFactory(name="Already Verified")
    doctor_with_status(V.REJECTED, name="Was Rejected")
    response = moderator_client.get(reverse(QUEUE))
    assert [d.pk for d in response.context["cl"].result_list] == [older.pk, newer.pk]
    for text in ("OLD-9", "CPSA", "NEW-1", "CPSO", older.user.email):
        assertContains(response, text)
    assertNotContains(response, "Already Verified")
    assertNotContains(response, "Was Rejected")


def test_queue_is_its_own_page_on_the_admin_index(moderator_client):
    assertContains(moderator_client.get(reverse("admin:index")), reverse(QUEUE))


def test_queue_costs_the_same_queries_for_10_and_100_doctors(moderator_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(reverse(QUEUE)).status_code == 200
        return len(queries)

    for _ in range(10):
        _pending()
    small = count()
    for _ in range(90):
        _pending()
    assert count() == small


def test_queue_offers_only_approve_and_reject(moderator_client):
    actions = moderator_client.get(reverse(QUEUE)).context["action_form"].fields["action"].choices
    assert [name for name, _label in actions if name] == ["approve_doctors", "reject_doctors"]


def test_patients_and_staff_outside_the_group_cannot_open_the_queue(client):
    client.force_login(UserFactory())
    assert client.get(reverse(QUEUE)).status_code == 302  # to the admin login
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(QUEUE)).status_code == 403


# --- Decisions from the queue --------------------------------------------------------


def test_approve_from_the_queue_verifies_emails_and_records(
    moderator_client, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    doctor = _pending()
    with django_capture_on_commit_callbacks(execute=True):
        response = _act(moderator_client, QUEUE, "approve_doctors", [doctor])
    assert "1 doctor verified." in _messages(response)
    doctor.refresh_from_db()
    assert doctor.is_verified and doctor.verified_at is not None
    assert mailoutbox[0].to == [doctor.user.email]
    assert "verified" in mailoutbox[0].subject
    assert _decisions(doctor) == [(DecisionAction.DOCTOR_APPROVE, moderator.email, "")]
    # Once decided, the doctor leaves the queue.
    assert not moderator_client.get(reverse(QUEUE)).context["cl"].result_list


def test_reject_from_the_queue_needs_a_reason_then_emails_it(
    moderator_client, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    doctor = _pending()
    page = _act(moderator_client, QUEUE, "reject_doctors", [doctor])
    assertContains(page, 'name="reason"')
    missing = _act(moderator_client, QUEUE, "reject_doctors", [doctor], apply="yes", reason="  ")
    assertContains(missing, "Please give a reason.")
    doctor.refresh_from_db()
    assert doctor.verification_status == V.PENDING and not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        done = _act(
            moderator_client,
            QUEUE,
            "reject_doctors",
            [doctor],
            apply="yes",
            reason="Licence isn't on the register",
        )
    assert "1 doctor rejected." in _messages(done)
    doctor.refresh_from_db()
    assert doctor.verification_status == V.REJECTED
    assert doctor.rejection_reason == "Licence isn't on the register"
    assert "Licence isn't on the register" in mailoutbox[0].body  # plain text, not HTML-escaped
    assert _decisions(doctor) == [
        (DecisionAction.DOCTOR_REJECT, moderator.email, "Licence isn't on the register")
    ]


def test_an_action_on_an_empty_selection_answers_with_a_message(moderator_client):
    response = moderator_client.post(reverse(QUEUE), {"action": "approve_doctors", "index": "0"}, follow=True)
    assert response.status_code == 200
    assert any("Items must be selected" in message for message in _messages(response))


def test_approving_twice_answers_with_a_message_not_a_500(moderator_client):
    doctor = DoctorFactory()
    response = _act(moderator_client, DOCTORS, "approve_doctors", [doctor])
    assert any("already verified" in message for message in _messages(response))


# --- Withdrawing verification --------------------------------------------------------


def test_withdraw_needs_a_reason_keeps_published_answers_and_stops_new_ones(
    moderator_client, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    answer = AnswerFactory(question=QuestionFactory(created_at=timezone.now() - timedelta(days=1)))
    doctor = answer.doctor
    missing = _act(moderator_client, DOCTORS, "withdraw_doctors", [doctor], apply="yes", reason="")
    assertContains(missing, "Please give a reason.")
    with django_capture_on_commit_callbacks(execute=True):
        _act(moderator_client, DOCTORS, "withdraw_doctors", [doctor], apply="yes", reason="Licence suspended")
    doctor.refresh_from_db()
    assert doctor.verification_status == V.WITHDRAWN
    assert "withdrawn" in mailoutbox[0].subject and "Licence suspended" in mailoutbox[0].body
    assert _decisions(doctor) == [(DecisionAction.DOCTOR_WITHDRAW, moderator.email, "Licence suspended")]
    answer.refresh_from_db()
    assert answer.status == PostStatus.PUBLISHED
    assert Answer.objects.published().filter(pk=answer.pk).exists()
    moderator_client.force_login(doctor.user)
    response = moderator_client.post(
        reverse("answers:create", args=[QuestionFactory().pk]), {"body": "New", "action": "publish"}
    )
    assertContains(response, "Licence suspended", status_code=403)


def test_withdrawn_doctor_can_be_verified_again():
    staff = UserFactory(is_staff=True)
    doctor = DoctorFactory()
    doctor_withdraw(doctor=doctor, by=staff, reason="Lapsed")
    doctor_verify(doctor=doctor, by=staff)
    doctor.refresh_from_db()
    assert doctor.is_verified and doctor.rejection_reason == ""
    assert [a for a, _e, _r in _decisions(doctor)] == [
        DecisionAction.DOCTOR_APPROVE,
        DecisionAction.DOCTOR_WITHDRAW,
    ]


def test_rejecting_a_verified_doctor_is_refused_withdraw_instead():
    with pytest.raises(Exception, match="not awaiting verification"):
        doctor_reject(doctor=DoctorFactory(), by=UserFactory(is_staff=True), reason="No")


def test_a_hidden_answer_of_a_withdrawn_doctor_stays_hidden_when_its_reports_are_dismissed():
    from moderation.models import Flag
    from moderation.services import flag_create, flag_dismiss

    staff = UserFactory(is_staff=True)
    answer = AnswerFactory()
    flags = [flag_create(post=answer, reporter=UserFactory(), reason="spam") for _ in range(3)]
    answer.refresh_from_db()
    assert answer.status == PostStatus.HIDDEN
    doctor_withdraw(doctor=answer.doctor, by=staff, reason="Lapsed")
    for flag in flags:
        flag_dismiss(flag=flag, by=staff)
    answer.refresh_from_db()
    assert answer.status == PostStatus.HIDDEN
    assert not Flag.objects.filter(status=Flag.Status.OPEN).exists()


# --- Every path records the decision ------------------------------------------------


def test_the_change_form_cannot_change_verification_unrecorded(moderator_client):
    doctor = _pending()
    url = reverse("admin:doctors_doctorprofile_change", args=[doctor.pk])
    moderator_client.post(
        url,
        {
            "user": doctor.user.pk,
            "name": doctor.name,
            "slug": doctor.slug,
            "specialty": doctor.specialty,
            "verification_status": "verified",
            "verified_at_0": "2024-01-01",
            "verified_at_1": "10:00:00",
        },
    )
    doctor.refresh_from_db()
    assert doctor.verification_status == V.PENDING
    assert not ModerationDecision.objects.exists()


@pytest.mark.parametrize(
    "decide,action",
    [
        (lambda d, by: doctor_verify(doctor=d, by=by), DecisionAction.DOCTOR_APPROVE),
        (lambda d, by: doctor_reject(doctor=d, by=by, reason="No licence"), DecisionAction.DOCTOR_REJECT),
    ],
)
def test_service_calls_record_who_what_and_why(decide, action):
    staff = UserFactory(is_staff=True, email="staff@example.com")
    doctor = _pending()
    decide(doctor, staff)
    decision = ModerationDecision.objects.get()
    assert (decision.action, decision.actor, decision.target) == (action, staff, doctor)
    assert decision.created_at is not None


def test_verification_decisions_are_listed_in_the_audit_log_with_a_link(moderator_client, moderator):
    doctor = _pending()
    _act(moderator_client, QUEUE, "approve_doctors", [doctor])
    response = moderator_client.get(reverse("admin:moderation_moderationdecision_changelist"))
    assertContains(response, "Doctor verified")
    assertContains(response, moderator.email)
    assertContains(response, reverse("admin:doctors_doctorprofile_change", args=[doctor.pk]))


def test_the_doctors_change_page_shows_their_verification_decisions(moderator_client, moderator):
    doctor = DoctorFactory()
    doctor_withdraw(doctor=doctor, by=moderator, reason="Licence suspended")
    response = moderator_client.get(reverse("admin:doctors_doctorprofile_change", args=[doctor.pk]))
    assertContains(response, "Doctor verification withdrawn by mod@example.com (Licence suspended)")


# --- Question admin: urgent review ---------------------------------------------------


def test_question_admin_shows_and_filters_needs_urgent_review(moderator_client):
    QuestionFactory(title="Chest pain after filler", needs_urgent_review=True)
    QuestionFactory(title="Dry skin in winter")
    changelist = reverse("admin:questions_question_changelist")
    response = moderator_client.get(changelist)
    assertContains(response, "column-needs_urgent_review")
    filtered = moderator_client.get(changelist, {"needs_urgent_review__exact": "1"})
    assertContains(filtered, "Chest pain after filler")
    assertNotContains(filtered, "Dry skin in winter")


# --- Roles ---------------------------------------------------------------------------


def test_moderator_cannot_set_a_users_password(moderator_client):
    user = UserFactory()
    before = user.password
    response = moderator_client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "Hijack-123456", "password2": "Hijack-123456"},
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.password == before


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:questions_topic_add",
        "admin:questions_city_add",
        "admin:newsletter_campaign_add",
        "admin:auth_group_add",
    ],
)
def test_moderator_cannot_change_site_settings(moderator_client, url_name):
    assert moderator_client.get(reverse(url_name)).status_code == 403
