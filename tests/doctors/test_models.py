import pytest
from django.db import IntegrityError, transaction

from tests.factories import DoctorFactory

pytestmark = pytest.mark.django_db


def test_verified_doctor_must_have_a_verification_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        DoctorFactory(verified_at=None)


def test_doctor_slug_is_unique():
    DoctorFactory(slug="dr-ward")
    with pytest.raises(IntegrityError), transaction.atomic():
        DoctorFactory(slug="dr-ward")
