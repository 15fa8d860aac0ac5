import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from moderation.models import Flag, ModerationDecision
from tests.factories import AnswerFactory, FlagFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_flag_without_a_post_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(reporter=UserFactory(), reason="spam")


def test_flag_on_two_posts_at_once_is_refused_by_the_database():
    answer = AnswerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(question=answer.question, answer=answer, reporter=UserFactory(), reason="spam")


def test_flag_clean_explains_a_missing_post():
    with pytest.raises(ValidationError, match="exactly one"):
        Flag(reporter=UserFactory(), reason="spam").full_clean()


def test_two_open_flags_by_the_same_user_on_one_post_are_refused_by_the_database():
    flag = FlagFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(question=flag.question, reporter=flag.reporter, reason="spam")


def test_a_user_may_report_again_once_the_first_report_is_resolved():
    flag = FlagFactory(status=Flag.Status.DISMISSED)
    Flag.objects.create(question=flag.question, reporter=flag.reporter, reason="spam")
    assert Flag.objects.filter(question=flag.question).count() == 2


def test_unknown_flag_reason_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(question=QuestionFactory(), reporter=UserFactory(), reason="boring")


def test_unknown_decision_action_is_refused_by_the_database():
    question = QuestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ModerationDecision.objects.create(
            content_type_id=1, object_id=question.pk, action="vaporise", actor=UserFactory()
        )


def test_flag_knows_its_post_and_kind():
    answer = AnswerFactory()
    flag = FlagFactory(question=None, answer=answer)
    assert flag.post == answer
    assert flag.kind == "answer"
