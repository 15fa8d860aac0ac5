import pytest

from tests.factories import DoctorFactory, UserFactory
from trust.roles import clinical_reviewer_group


@pytest.fixture
def patient(db):
    return UserFactory(display_name="Theo")


@pytest.fixture
def reviewer(db):
    """A verified doctor given the Clinical reviewer role by staff."""
    doctor = DoctorFactory(name="Ana Reyes")
    doctor.user.groups.add(clinical_reviewer_group())
    return doctor
