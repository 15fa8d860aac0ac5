"""askdoc.images, through both of its callers: question photos and doctor portraits."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image, PngImagePlugin

from askdoc.images import image_decode, image_encode
from doctors.portraits import portrait_process
from questions.photos import photo_process
from tests.images import decompression_bomb_png, image_bytes, upload

LIMITS = {"max_bytes": 1024 * 1024, "max_pixels": 1_000_000}


def decode(data, **kwargs):
    return image_decode(upload(data, **kwargs), **LIMITS)


def reopen(content):
    content.seek(0)
    return Image.open(io.BytesIO(content.read()))


def gps_exif():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone maker"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 13.0, 7.5),
    }
    return exif


# --- What is refused ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"just some text, not an image", id="text"),
        pytest.param(b"", id="empty"),
        pytest.param(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", id="pdf-named-photo.jpg"),
        pytest.param(image_bytes(size=(400, 400))[:300], id="truncated-jpeg"),
        pytest.param(image_bytes("PNG", size=(400, 400))[:200], id="truncated-png"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"\x00" * 64, id="jpeg-magic-only"),
    ],
)
def test_files_that_are_not_readable_images_are_refused(data):
    with pytest.raises(ValidationError) as caught:
        decode(data)
    assert caught.value.code == "invalid"
    assert "not a photo we can read" in caught.value.messages[0]


def test_the_file_name_and_content_type_are_ignored():
    decoded = decode(image_bytes("PNG"), name="document.pdf", content_type="application/pdf")
    assert decoded.format == "PNG"


def test_formats_other_than_jpeg_png_and_webp_are_refused():
    with pytest.raises(ValidationError) as caught:
        decode(image_bytes("GIF"), name="photo.jpg")
    assert caught.value.code == "format"


def test_a_20000_by_20000_png_is_refused_before_its_pixels_are_decoded():
    with pytest.raises(ValidationError) as caught:
        decode(decompression_bomb_png(), name="photo.png")
    assert caught.value.code == "pixels"
    assert "too large" in caught.value.messages[0]


def test_a_png_beyond_pillows_own_bomb_limit_is_refused_as_too_large():
    with pytest.raises(ValidationError) as caught:
        image_decode(upload(decompression_bomb_png(20000, 20000)), max_bytes=1024, max_pixels=10**12)
    assert caught.value.code == "pixels"


def test_a_file_over_the_byte_limit_is_refused_before_decoding():
    with pytest.raises(ValidationError) as caught:
        image_decode(upload(image_bytes()), max_bytes=10, max_pixels=10**6)
    assert caught.value.code == "size"


# --- What is kept, and what is stripped ----------------------------------------------------


def test_exif_gps_and_camera_data_are_stripped():
    data = image_bytes(exif=gps_exif())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test input has GPS
    processed = photo_process(upload(data))
    for content in (processed.image, processed.thumbnail):
        image = reopen(content)
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        content.seek(0)
        assert b"Phone maker" not in content.read()


def test_a_polyglot_keeps_only_the_image_and_loses_what_was_appended():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("run.sh", "#!/bin/sh\necho owned\n")
    script = b"<script>alert('owned')</script>"
    polyglot = image_bytes(size=(60, 40)) + script + archive.getvalue()
    processed = photo_process(upload(polyglot))
    processed.image.seek(0)
    stored = processed.image.read()
    assert script not in stored
    assert b"run.sh" not in stored
    assert not zipfile.is_zipfile(io.BytesIO(stored))
    assert reopen(processed.image).size == (60, 40)


def test_text_chunks_hidden_in_a_png_are_dropped():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert('owned')</script>")
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), (10, 20, 30)).save(buffer, format="PNG", pnginfo=info)
    portrait = portrait_process(upload(buffer.getvalue(), name="me.png", content_type="image/png"))
    assert b"<script>" not in portrait.read()
    assert reopen(portrait).format == "PNG"


def test_transparency_is_flattened_onto_white_in_a_jpeg():
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, format="PNG")
    decoded = decode(buffer.getvalue())
    image = reopen(image_encode(decoded.image, format="JPEG"))
    assert image.mode == "RGB"
    assert all(channel > 245 for channel in image.getpixel((5, 5)))


def test_photos_get_a_small_thumbnail_and_portraits_are_bounded():
    processed = photo_process(upload(image_bytes(size=(1600, 1200))))
    assert max(reopen(processed.thumbnail).size) <= 400
    portrait = portrait_process(upload(image_bytes("WEBP", size=(1600, 1200)), name="me.webp"))
    assert portrait.name.endswith(".webp")
    assert reopen(portrait).size == (800, 600)


@pytest.mark.parametrize("process", [photo_process, portrait_process], ids=["photo", "portrait"])
def test_both_callers_refuse_a_pdf_named_photo_jpg(process):
    with pytest.raises(ValidationError, match="not a photo we can read"):
        process(upload(b"%PDF-1.4\n%%EOF"))


# --- The test images themselves (tests/images.py) -------------------------------------------


def test_the_decompression_bomb_is_a_tiny_png_that_pillow_reads_at_its_claimed_size(monkeypatch):
    """Else the "too large" refusals above would pass for the wrong reason (an unreadable file)."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # read the header only, never decoded
    data = decompression_bomb_png(30_000, 20_000)
    assert len(data) < 100
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("PNG", (30_000, 20_000))
