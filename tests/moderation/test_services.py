from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from answers.models import Answer
from answers.services import answer_create, reply_create
from doctors.models import DoctorProfile
from moderation.models import DecisionAction, Flag, ModerationDecision
from moderation.services import (
    answer_note_set,
    doctor_reject,
    doctor_verify,
    doctor_withdraw,
    flag_create,
    flag_dismiss,
    flag_uphold,
    post_hide,
    post_publish,
    post_remove,
    post_restore,
    question_lock,
)
from questions.models import PostStatus, Question
from tests.factories import (
    AnswerFactory,
    DoctorFactory,
    FlagFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


@pytest.mark.parametrize("factory", [QuestionFactory, AnswerFactory, ReplyFactory])
def test_hide_keeps_the_post_and_records_who_and_why(factory, staff):
    post = factory()
    post_hide(post=post, by=staff, reason="Unsafe advice")
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert post.hidden_reason == "Unsafe advice"
    decision = ModerationDecision.objects.get()
    assert (decision.actor, decision.action, decision.reason, decision.target) == (
        staff,
        DecisionAction.HIDE,
        "Unsafe advice",
        post,
    )


@pytest.mark.parametrize("factory", [QuestionFactory, AnswerFactory, ReplyFactory])
def test_restore_brings_a_hidden_post_back(factory, staff):
    post = factory(status=PostStatus.HIDDEN, hidden_reason="Spam")
    post_restore(post=post, by=staff)
    post.refresh_from_db()
    assert (post.status, post.hidden_reason) == (PostStatus.PUBLISHED, "")
    assert ModerationDecision.objects.get().action == DecisionAction.RESTORE


def test_hide_without_a_reason_is_refused(staff):
    question = QuestionFactory()
    with pytest.raises(ValidationError, match="give a reason"):
        post_hide(post=question, by=staff, reason="   ")
    question.refresh_from_db()
    assert question.status == PostStatus.PUBLISHED
    assert not ModerationDecision.objects.exists()


def test_hiding_a_hidden_post_is_refused(staff):
    with pytest.raises(ValidationError, match="already hidden"):
        post_hide(post=AnswerFactory(status=PostStatus.HIDDEN), by=staff, reason="Again")


def test_restoring_a_published_post_is_refused(staff):
    with pytest.raises(ValidationError, match="already published"):
        post_restore(post=QuestionFactory(), by=staff)


def test_restoring_a_pending_post_is_refused(staff):
    with pytest.raises(ValidationError, match="publish it instead"):
        post_restore(post=QuestionFactory(status=PostStatus.PENDING), by=staff)


def test_publish_sets_the_question_publication_date(staff):
    question = QuestionFactory(status=PostStatus.PENDING)
    post_publish(post=question, by=staff)
    question.refresh_from_db()
    assert question.status == PostStatus.PUBLISHED
    assert question.published_at >= question.created_at


def test_publishing_a_hidden_post_is_refused(staff):
    with pytest.raises(ValidationError, match="restore it instead"):
        post_publish(post=ReplyFactory(status=PostStatus.HIDDEN), by=staff)


def test_publishing_a_published_post_is_refused(staff):
    with pytest.raises(ValidationError, match="already published"):
        post_publish(post=QuestionFactory(), by=staff)


def test_remove_hides_from_the_author_too_and_can_be_restored(staff):
    question = QuestionFactory()
    post_remove(post=question, by=staff, reason="Private information")
    assert not Question.objects.visible_to(question.author).filter(pk=question.pk).exists()
    post_restore(post=question, by=staff)
    assert Question.objects.published().filter(pk=question.pk).exists()


def test_hiding_an_answer_on_a_hidden_question_works(staff):
    answer = AnswerFactory()
    Question.objects.filter(pk=answer.question_id).update(status=PostStatus.HIDDEN)
    post_hide(post=answer, by=staff, reason="Wrong")
    answer.refresh_from_db()
    assert answer.status == PostStatus.HIDDEN


def test_lock_and_unlock_a_thread_are_recorded(staff):
    question = QuestionFactory()
    question_lock(question=question, by=staff, lock=True)
    question.refresh_from_db()
    assert question.is_locked
    with pytest.raises(ValidationError, match="already locked"):
        question_lock(question=question, by=staff, lock=True)
    question_lock(question=question, by=staff, lock=False)
    actions = list(ModerationDecision.objects.order_by("id").values_list("action", flat=True))
    assert actions == [DecisionAction.LOCK, DecisionAction.UNLOCK]


def test_a_locked_thread_takes_no_new_replies():
    answer = AnswerFactory(
        question=QuestionFactory(created_at=timezone.now() - timedelta(days=1), is_locked=True)
    )
    with pytest.raises(ValidationError, match="locked"):
        reply_create(answer=answer, author=answer.question.author, body="Hello?")


def test_moderator_note_change_is_audited(staff):
    answer = AnswerFactory()
    answer_note_set(answer=answer, by=staff, note="Not supported by evidence.")
    answer.refresh_from_db()
    assert answer.moderator_note == "Not supported by evidence."
    assert ModerationDecision.objects.get().action == DecisionAction.NOTE


# --- Flags ------------------------------------------------------------------


def test_flag_create_records_an_open_report():
    question = QuestionFactory()
    flag = flag_create(post=question, reporter=UserFactory(), reason="spam", note="Selling creams")
    assert (flag.status, flag.question, flag.note) == (Flag.Status.OPEN, question, "Selling creams")


def test_flagging_your_own_post_is_refused():
    question = QuestionFactory()
    with pytest.raises(ValidationError, match="your own post"):
        flag_create(post=question, reporter=question.author, reason="spam")


def test_a_doctor_cannot_flag_their_own_answer():
    answer = AnswerFactory()
    with pytest.raises(ValidationError, match="your own post"):
        flag_create(post=answer, reporter=answer.doctor.user, reason="spam")


def test_flagging_twice_is_refused():
    reply = ReplyFactory()
    reporter = UserFactory()
    flag_create(post=reply, reporter=reporter, reason="abuse")
    with pytest.raises(ValidationError, match="already reported"):
        flag_create(post=reply, reporter=reporter, reason="spam")


def test_flagging_a_hidden_post_is_refused():
    with pytest.raises(ValidationError, match="not public"):
        flag_create(post=QuestionFactory(status=PostStatus.HIDDEN), reporter=UserFactory(), reason="spam")


@override_settings(MODERATION_FLAGS_TO_HIDE=3)
def test_three_open_reports_from_different_users_hide_the_post():
    answer = AnswerFactory()
    for _ in range(2):
        flag_create(post=answer, reporter=UserFactory(), reason="misinformation")
    answer.refresh_from_db()
    assert answer.status == PostStatus.PUBLISHED
    flag_create(post=answer, reporter=UserFactory(), reason="misinformation")
    answer.refresh_from_db()
    assert answer.status == PostStatus.HIDDEN
    decision = ModerationDecision.objects.get()
    assert (decision.action, decision.actor) == (DecisionAction.AUTO_HIDE, None)


@override_settings(MODERATION_FLAGS_TO_HIDE=2)
def test_dismissing_every_report_restores_a_post_hidden_by_reports(staff):
    question = QuestionFactory()
    first = flag_create(post=question, reporter=UserFactory(), reason="spam")
    second = flag_create(post=question, reporter=UserFactory(), reason="spam")
    flag_dismiss(flag=first, by=staff)
    question.refresh_from_db()
    assert question.status == PostStatus.HIDDEN
    flag_dismiss(flag=second, by=staff)
    question.refresh_from_db()
    assert question.status == PostStatus.PUBLISHED


def test_dismissing_a_report_leaves_a_post_a_moderator_hid_hidden(staff):
    question = QuestionFactory()
    flag = flag_create(post=question, reporter=UserFactory(), reason="spam")
    Flag.objects.filter(pk=flag.pk).update(status=Flag.Status.OPEN)
    Question.objects.filter(pk=question.pk).update(status=PostStatus.HIDDEN, hidden_reason="By hand")
    flag_dismiss(flag=flag, by=staff)
    question.refresh_from_db()
    assert question.status == PostStatus.HIDDEN


def test_upholding_a_report_hides_the_post_and_closes_its_reports(staff):
    answer = AnswerFactory()
    flag = flag_create(post=answer, reporter=UserFactory(), reason="misinformation")
    other = flag_create(post=answer, reporter=UserFactory(), reason="spam")
    flag_uphold(flag=flag, by=staff)
    answer.refresh_from_db()
    other.refresh_from_db()
    assert (answer.status, answer.hidden_reason) == (PostStatus.HIDDEN, "Medical misinformation")
    assert other.status == Flag.Status.UPHELD
    assert set(ModerationDecision.objects.values_list("action", flat=True)) == {
        DecisionAction.HIDE,
        DecisionAction.FLAG_UPHOLD,
    }


def test_resolving_a_resolved_report_is_refused(staff):
    flag = FlagFactory(status=Flag.Status.DISMISSED)
    with pytest.raises(ValidationError, match="already resolved"):
        flag_dismiss(flag=flag, by=staff)


# --- Doctor verification ----------------------------------------------------


def test_verifying_a_doctor_emails_them_after_commit(staff, django_capture_on_commit_callbacks, mailoutbox):
    doctor = DoctorFactory(verification_status=DoctorProfile.Verification.PENDING, verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        doctor_verify(doctor=doctor, by=staff)
    doctor.refresh_from_db()
    assert doctor.is_verified and doctor.verified_at is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [doctor.user.email]
    assert "verified" in mailoutbox[0].subject
    assert ModerationDecision.objects.get().action == DecisionAction.DOCTOR_APPROVE


def test_rejecting_a_doctor_needs_a_reason_and_emails_it(
    staff, django_capture_on_commit_callbacks, mailoutbox
):
    doctor = DoctorFactory(verification_status=DoctorProfile.Verification.PENDING, verified_at=None)
    with pytest.raises(ValidationError, match="reason"):
        doctor_reject(doctor=doctor, by=staff, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        doctor_reject(doctor=doctor, by=staff, reason="Licence number not found")
    assert "Licence number not found" in mailoutbox[0].body


def test_withdrawn_doctor_keeps_published_answers_but_cannot_answer_again(staff):
    answer = AnswerFactory()
    doctor = answer.doctor
    doctor_withdraw(doctor=doctor, by=staff, reason="Licence suspended")
    answer.refresh_from_db()
    doctor.refresh_from_db()
    assert answer.status == PostStatus.PUBLISHED
    assert Answer.objects.published().filter(pk=answer.pk).exists()
    with pytest.raises(PermissionDenied, match="verification was withdrawn"):
        answer_create(question=QuestionFactory(), doctor=doctor, body="New answer")


def test_verifying_a_verified_doctor_is_refused(staff):
    with pytest.raises(ValidationError, match="already verified"):
        doctor_verify(doctor=DoctorFactory(), by=staff)
