"""Hostile uploads, driven through the views that take files (asking with photos, joining as a
doctor with a portrait): each is refused with a message next to the field, never a 500."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from questions.models import Question, QuestionPhoto
from tests.images import decompression_bomb_png, image_bytes

pytestmark = pytest.mark.django_db

PAYLOAD = b"<script>alert('polyglot')</script>"


HOSTILE_FILES = {
    "not an image": b"#!/bin/sh\nrm -rf /\n",
    "a pdf named .jpg": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
    "a truncated jpeg": image_bytes("JPEG", size=(400, 300))[:300],
    "a decompression bomb": decompression_bomb_png(30_000, 30_000),
    "an empty file": b"",
    "html": b"<!doctype html><html><body>" + PAYLOAD + b"</body></html>",
}


@pytest.fixture
def asker(world, client, settings):
    settings.ASKDOC_RATE_LIMITS = dict.fromkeys(settings.ASKDOC_RATE_LIMITS, "1000/60")
    client.force_login(world.patient)
    return client


def ask(client, world, photos, **extra):
    data = {
        "title": "Is this rash after microneedling normal?",
        "body": "Small red bumps appeared two days after my microneedling session.",
        "topics": [world.topic.pk],
        "seen_similar": "on",
        "confirmed_urgent": "on",
        **extra,
    }
    # One file per photo slot; files beyond the slots all go to the last one (the file-count limit).
    for number, photo in enumerate(photos, start=1):
        slot = min(number, settings.ASKDOC_PHOTOS_PER_QUESTION)
        data.setdefault(f"photo-{slot}-photo", []).append(photo)
    return client.post(reverse("questions:ask"), data)


@pytest.mark.parametrize("kind", list(HOSTILE_FILES))
def test_a_hostile_photo_is_refused_next_to_the_field(asker, world, kind):
    count = Question.objects.count()
    response = ask(asker, world, [SimpleUploadedFile("photo.jpg", HOSTILE_FILES[kind], "image/jpeg")])
    assert response.status_code == 200
    assert response.context["form"].photo_forms[0].errors.get("photo"), kind
    assert "Is this rash after microneedling normal?" in response.content.decode()  # what was typed is kept
    assert Question.objects.count() == count


def test_a_polyglot_photo_is_stored_without_its_payload(asker, world):
    polyglot = image_bytes("JPEG", size=(64, 48)) + PAYLOAD + b"PK\x03\x04zip-part"
    response = ask(asker, world, [SimpleUploadedFile("photo.jpg", polyglot, "image/jpeg")])
    assert response.status_code == 302
    photo = QuestionPhoto.objects.get(
        question__author=world.patient, question__title__startswith="Is this rash"
    )
    stored = photo.image.open("rb").read()
    assert PAYLOAD not in stored and b"PK\x03\x04" not in stored
    assert Image.open(io.BytesIO(stored)).format == "JPEG"
    response = asker.get(reverse("questions:photo", args=[photo.uuid]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_photo_over_the_size_limit_is_refused(asker, world, settings):
    settings.ASKDOC_PHOTO_MAX_BYTES = 10_000
    big = image_bytes("PNG", size=(300, 300)) + b"\x00" * 20_000
    response = ask(asker, world, [SimpleUploadedFile("photo.png", big, "image/png")])
    assert response.status_code == 200
    assert response.context["form"].photo_forms[0].errors["photo"]


def test_too_many_files_in_one_request_is_a_clear_400(asker, world, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 5
    photos = [SimpleUploadedFile(f"p{i}.jpg", image_bytes(), "image/jpeg") for i in range(6)]
    response = ask(asker, world, photos)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_form_field_over_the_request_memory_limit_is_a_clear_400(asker, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    response = ask(asker, world, [], body="x" * 60_000)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_large_upload_is_streamed_to_disk_not_held_in_memory(asker, world, settings):
    """Files over FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file; the photo is still checked."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = ask(
        asker, world, [SimpleUploadedFile("photo.jpg", image_bytes(size=(200, 200)), "image/jpeg")]
    )
    assert response.status_code == 302


@pytest.mark.parametrize("kind", list(HOSTILE_FILES))
def test_a_hostile_doctor_portrait_is_refused_next_to_the_field(world, kind):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["other_patient"])
    data = {
        "name": "Jane Roe",
        "specialty": "Dermatology",
        "licence_number": "12345",
        "licensing_body": "CPSA",
        "topics": [world.topic.pk],
        "portrait": SimpleUploadedFile("me.jpg", HOSTILE_FILES[kind], "image/jpeg"),
    }
    response = client.post(reverse("doctors:join"), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get("portrait"), kind
