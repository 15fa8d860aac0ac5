from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from answers.services import reply_create
from moderation.rules import count_links, initial_status_for_question, initial_status_for_reply
from questions.models import PostStatus
from questions.services import question_create
from tests.factories import AnswerFactory, DoctorFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _past_answer():
    return AnswerFactory(question=QuestionFactory(created_at=timezone.now() - timedelta(days=1)))


def test_a_new_patients_first_question_waits_for_review():
    assert initial_status_for_question(UserFactory(), "Red skin", "After a peel") == PostStatus.PENDING


def test_a_patient_with_a_published_question_publishes_at_once():
    author = QuestionFactory().author
    assert initial_status_for_question(author, "Red skin", "After a peel") == PostStatus.PUBLISHED


def test_a_patient_whose_only_question_is_pending_still_waits():
    author = QuestionFactory(status=PostStatus.PENDING).author
    assert initial_status_for_question(author, "Red skin", "After a peel") == PostStatus.PENDING


@override_settings(MODERATION_MAX_LINKS=2)
def test_a_question_with_too_many_links_waits_even_from_a_known_patient():
    author = QuestionFactory().author
    body = "See https://a.example and http://b.example and www.c.example"
    assert count_links(body) == 3
    assert initial_status_for_question(author, "Red skin", body) == PostStatus.PENDING


@override_settings(MODERATION_MAX_LINKS=2)
def test_two_links_are_allowed():
    author = QuestionFactory().author
    body = "See https://a.example and http://b.example"
    assert initial_status_for_question(author, "Red skin", body) == PostStatus.PUBLISHED


@override_settings(MODERATION_BLOCKLIST=["miracle cure"])
def test_a_blocklisted_phrase_in_any_case_sends_a_question_to_review():
    author = QuestionFactory().author
    assert initial_status_for_question(author, "A MIRACLE CURE for acne?", "Body") == PostStatus.PENDING


@override_settings(MODERATION_BLOCKLIST=["spam"])
def test_blocklist_matches_whole_words_only():
    assert initial_status_for_reply(UserFactory(), "My spammy inbox is full") == PostStatus.PUBLISHED
    assert initial_status_for_reply(UserFactory(), "This is spam.") == PostStatus.PENDING


def test_question_create_applies_the_rules_when_no_status_is_given():
    author = QuestionFactory().author
    question = question_create(author=author, title="Second question", body="Details")
    assert question.status == PostStatus.PUBLISHED
    assert question.published_at is not None


def test_question_create_keeps_an_explicit_status():
    question = question_create(
        author=UserFactory(), title="Demo", body="Details", status=PostStatus.PUBLISHED
    )
    assert question.status == PostStatus.PUBLISHED


@override_settings(MODERATION_MAX_LINKS=0)
def test_reply_create_holds_a_reply_with_links_for_review():
    answer = _past_answer()
    reply = reply_create(answer=answer, author=answer.question.author, body="Look: https://shop.example")
    assert reply.status == PostStatus.PENDING


def test_reply_create_publishes_an_ordinary_reply():
    answer = _past_answer()
    reply = reply_create(answer=answer, author=answer.question.author, body="Thank you, doctor.")
    assert reply.status == PostStatus.PUBLISHED


def test_a_verified_doctors_answer_publishes_at_once():
    from moderation.rules import initial_status_for_answer

    assert initial_status_for_answer(DoctorFactory(), "Body") == PostStatus.PUBLISHED
