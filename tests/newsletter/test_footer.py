import pytest
from pytest_django.asserts import assertContains, assertRedirects

from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


def test_footer_subscribe_returns_to_the_page_with_a_message(client):
    response = client.post(
        "/newsletter/subscribe/", {"email": "  Theo@Example.COM ", "next": "/topics/"}, follow=True
    )
    assertRedirects(response, "/topics/")
    assertContains(response, "Check your inbox to confirm")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "theo@example.com"
    assert subscriber.status == Subscriber.Status.PENDING


def test_bad_address_is_explained_next_to_the_field(client):
    response = client.post("/newsletter/subscribe/", {"email": "not-an-address", "next": "/"})
    assert response.status_code == 400
    assertContains(response, "Enter a valid email address", status_code=400)
    assertContains(response, 'value="not-an-address"', status_code=400)
    assert not Subscriber.objects.exists()


def test_next_cannot_redirect_off_site(client):
    response = client.post(
        "/newsletter/subscribe/", {"email": "a@example.com", "next": "https://evil.example/"}
    )
    assertRedirects(response, "/", fetch_redirect_response=False)
