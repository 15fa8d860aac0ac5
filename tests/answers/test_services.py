import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from answers.services import answer_create, reply_create
from doctors.models import DoctorProfile
from questions.models import PostStatus
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, ReplyFactory

pytestmark = pytest.mark.django_db


def test_verified_doctor_answer_is_published_and_rendered():
    answer = answer_create(question=QuestionFactory(), doctor=DoctorFactory(), body="## Aftercare\n\n- Rest")
    assert answer.status == PostStatus.PUBLISHED
    assert "<h2>Aftercare</h2>" in answer.body_html
    assert "<li>Rest</li>" in answer.body_html


def test_answer_can_never_predate_its_question():
    question = QuestionFactory()
    with pytest.raises(ValidationError):
        answer_create(
            question=question,
            doctor=DoctorFactory(),
            body="Too early",
            created_at=question.created_at - timezone.timedelta(days=42),
        )


@pytest.mark.parametrize("status", [PostStatus.PENDING, PostStatus.HIDDEN, PostStatus.REMOVED])
def test_answer_to_a_question_that_is_not_published_is_refused(status):
    question = QuestionFactory(status=status, published_at=None)
    with pytest.raises(ValidationError):
        answer_create(question=question, doctor=DoctorFactory(), body="Answer")


@pytest.mark.parametrize("status", [DoctorProfile.Verification.PENDING, DoctorProfile.Verification.REJECTED])
def test_unverified_doctor_cannot_answer(status):
    doctor = DoctorFactory(verification_status=status, verified_at=None)
    with pytest.raises(PermissionDenied):
        answer_create(question=QuestionFactory(), doctor=doctor, body="Answer")


def test_doctor_answers_a_question_once():
    answer = AnswerFactory()
    with pytest.raises(ValidationError):
        answer_create(question=answer.question, doctor=answer.doctor, body="Again")


def test_one_answer_per_doctor_is_a_database_constraint():
    answer = AnswerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerFactory(question=answer.question, doctor=answer.doctor)


def test_reply_must_stay_in_its_parents_thread():
    parent = ReplyFactory()
    other_answer = AnswerFactory()
    with pytest.raises(ValidationError):
        reply_create(
            answer=other_answer, parent=parent, author=other_answer.question.author, body="Lost reply"
        )


def test_reply_cannot_be_its_own_parent_in_the_database():
    reply = ReplyFactory()
    reply.parent_id = reply.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        reply.save()
