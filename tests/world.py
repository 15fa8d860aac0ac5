"""The cast of the security tests: one user per role and the posts they own.

`world` is used by the authorization matrix, the bad-input tests and the double-submit tests.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from doctors.models import DoctorProfile
from moderation.roles import moderator_group
from questions.models import PostStatus
from tests.factories import (
    AnswerFactory,
    CityFactory,
    DoctorFactory,
    FlagFactory,
    QuestionFactory,
    QuestionPhotoFactory,
    ReplyFactory,
    SubscriberFactory,
    TopicFactory,
    UserFactory,
)
from trust.services.consents import Kind, user_consent_record


@dataclass
class World:
    users: dict
    topic: object
    question: object
    pending_question: object
    open_question: object
    answer: object
    other_answer: object
    private_photo: object
    flag: object
    subscriber: object
    doctor: object
    consent: object
    city: object

    @property
    def patient(self):
        return self.users["patient"]


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ASKDOC_RATE_LIMITS = dict.fromkeys(settings.ASKDOC_RATE_LIMITS, "1000/60")
    earlier = timezone.now() - timedelta(days=2)
    patient = UserFactory()
    doctor = DoctorFactory()
    pending = DoctorFactory(verification_status=DoctorProfile.Verification.PENDING, verified_at=None)
    moderator = UserFactory(is_staff=True)
    moderator.groups.add(moderator_group())  # get-or-create: a flushed database lost the migration's
    users = {
        "patient": patient,
        "other_patient": UserFactory(),
        "pending_doctor": pending.user,
        "doctor": doctor.user,
        "moderator": moderator,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    topic = TopicFactory()
    question = QuestionFactory(author=patient, created_at=earlier)
    question.topics.add(topic)
    answer = AnswerFactory(question=question, doctor=doctor)
    other_answer = AnswerFactory(question=question)
    ReplyFactory(answer=answer)
    return World(
        users=users,
        topic=topic,
        question=question,
        pending_question=QuestionFactory(author=patient, status=PostStatus.PENDING, created_at=earlier),
        open_question=QuestionFactory(created_at=earlier),
        answer=answer,
        other_answer=other_answer,
        private_photo=QuestionPhotoFactory(question=question, is_public=False),
        flag=FlagFactory(question=question),
        subscriber=SubscriberFactory(status="pending", confirmed_at=None),
        doctor=doctor,
        consent=user_consent_record(kind=Kind.ANSWER_EMAILS, user=patient),
        city=CityFactory(),
    )
