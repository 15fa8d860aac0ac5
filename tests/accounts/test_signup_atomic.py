import pytest
from allauth.account.models import EmailAddress
from django.db import DatabaseError
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_sign_up_that_fails_half_way_keeps_nothing(monkeypatch, settings):
    from django.test import Client

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(EmailAddress.objects, "create", fail)
    monkeypatch.setattr(EmailAddress, "save", fail)
    data = {
        "email": "half@example.com",
        "password1": "a-long-Passphrase-42",
        "password2": "a-long-Passphrase-42",
        "display_name": "Half",
    }
    response = Client(raise_request_exception=False).post(reverse("account_signup"), data)
    assert response.status_code == 500
    assert not User.objects.filter(email="half@example.com").exists()


def test_sign_up_still_creates_the_user_and_their_address(client):
    data = {
        "email": "whole@example.com",
        "password1": "a-long-Passphrase-42",
        "password2": "a-long-Passphrase-42",
        "display_name": "Whole",
    }
    assert client.post(reverse("account_signup"), data).status_code == 302
    user = User.objects.get(email="whole@example.com")
    assert user.display_name == "Whole"
    assert EmailAddress.objects.filter(user=user, email="whole@example.com").exists()
