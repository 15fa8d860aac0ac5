import pytest
from django.db import IntegrityError, transaction

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_users_log_in_with_email_and_have_no_username():
    user = User.objects.create_user(email="Theo@Example.com", password="x-long-password")
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username") or user.username is None
    assert user.check_password("x-long-password")


def test_email_is_unique_ignoring_case():
    User.objects.create_user(email="theo@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="THEO@example.com")


def test_public_name_never_falls_back_to_email_or_real_name():
    user = User(email="theo@example.com", first_name="Theodore", last_name="Hill")
    assert str(user.public_name) == "a patient"


def test_an_account_made_outside_sign_up_gets_no_answer_emails_until_it_says_yes():
    user = User.objects.create_user(email="made-by-staff@example.com", password="x" * 12)
    admin = User.objects.create_superuser(email="admin-2@example.com", password="x" * 12)
    assert not user.wants_answer_emails
    assert not admin.wants_answer_emails
