import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from PIL import Image

from questions.photos import photo_process
from tests.images import decompression_bomb_png, image_bytes, upload


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_and_reencoded_as_jpeg(fmt):
    processed = photo_process(upload(image_bytes(fmt), name=f"x.{fmt.lower()}"))
    assert Image.open(io.BytesIO(processed.image.read())).format == "JPEG"
    assert Image.open(io.BytesIO(processed.thumbnail.read())).format == "JPEG"


def test_exif_is_removed_after_applying_its_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "Phone maker"
    data = image_bytes(size=(40, 20), exif=exif)
    processed = photo_process(upload(data))
    image = Image.open(io.BytesIO(processed.image.read()))
    assert image.size == (20, 40)
    assert dict(image.getexif()) == {}
    assert b"Phone maker" not in processed.image.read()


def test_thumbnail_is_small():
    processed = photo_process(upload(image_bytes(size=(1600, 1200))))
    assert max(Image.open(io.BytesIO(processed.thumbnail.read())).size) <= 400


def test_a_pdf_named_photo_jpg_is_refused():
    with pytest.raises(ValidationError, match="not a photo we can read"):
        photo_process(upload(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF"))


def test_a_truncated_jpeg_is_refused():
    with pytest.raises(ValidationError, match="not a photo we can read"):
        photo_process(upload(image_bytes(size=(400, 400))[:300]))


def test_a_gif_is_refused_even_though_pillow_reads_it():
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        photo_process(upload(image_bytes("GIF"), name="anim.gif"))


def test_a_20000_by_20000_png_is_refused_as_too_large():
    with pytest.raises(ValidationError, match="too large"):
        photo_process(upload(decompression_bomb_png(), name="bomb.png", content_type="image/png"))


@override_settings(ASKDOC_PHOTO_MAX_PIXELS=100)
def test_an_image_over_the_pixel_limit_is_refused():
    with pytest.raises(ValidationError, match="too large"):
        photo_process(upload(image_bytes(size=(20, 20))))


@override_settings(ASKDOC_PHOTO_MAX_BYTES=100)
def test_a_file_over_the_size_limit_is_refused_before_decoding():
    with pytest.raises(ValidationError, match="over"):
        photo_process(upload(b"x" * 101))
