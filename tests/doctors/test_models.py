import pytest
from django.db import IntegrityError, transaction

from doctors.permissions import doctor_for
from tests.factories import DoctorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_verified_doctor_must_have_a_verification_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        DoctorFactory(verified_at=None)


def test_doctor_slug_is_unique():
    DoctorFactory(slug="dr-ward")
    with pytest.raises(IntegrityError), transaction.atomic():
        DoctorFactory(slug="dr-ward")


def test_a_patient_is_looked_up_once_and_a_new_doctor_is_seen_at_once(django_assert_num_queries):
    user = UserFactory()
    with django_assert_num_queries(1):
        assert doctor_for(user) is None
    with django_assert_num_queries(0):  # remembered: not a doctor
        assert doctor_for(user) is None
    doctor = DoctorFactory(user=user)
    assert doctor_for(user) == doctor


def test_a_doctor_is_never_remembered_as_not_one(django_assert_num_queries):
    doctor = DoctorFactory()
    for _ in range(2):
        with django_assert_num_queries(2):  # the profile and its topics, every time
            assert doctor_for(doctor.user) == doctor
