"""Checking and re-encoding uploaded photos with Pillow.

A file is accepted only if Pillow decodes it as JPEG, PNG or WebP (the name and the
browser's content type are ignored). Size and pixel limits stop decompression bombs.
Every photo is re-encoded to JPEG after applying its EXIF orientation, which drops
EXIF (and so GPS) data, and a thumbnail is made.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMBNAIL_SIZE = (400, 400)

# Pillow warns above this many pixels and refuses above twice as many.
Image.MAX_IMAGE_PIXELS = settings.ASKDOC_PHOTO_MAX_PIXELS


@dataclass
class ProcessedPhoto:
    image: ContentFile
    thumbnail: ContentFile


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue())


def _too_big_message():
    return _("This photo is too large: please send one under %(megapixels)d megapixels.") % {
        "megapixels": settings.ASKDOC_PHOTO_MAX_PIXELS // 1_000_000
    }


def _decode(uploaded):
    uploaded.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        probe = Image.open(uploaded)
        if probe.format not in ACCEPTED_FORMATS:
            raise ValidationError(_("Please send a JPEG, PNG or WebP photo."), code="format")
        if probe.width * probe.height > settings.ASKDOC_PHOTO_MAX_PIXELS:
            raise ValidationError(_too_big_message(), code="pixels")
        probe.verify()
        uploaded.seek(0)
        image = Image.open(uploaded)
        image.load()
    return image


def photo_process(uploaded):
    """Return the re-encoded photo and its thumbnail, or raise ValidationError."""
    if uploaded.size > settings.ASKDOC_PHOTO_MAX_BYTES:
        raise ValidationError(
            _("This photo is over %(mb)d MB: please send a smaller one.")
            % {"mb": settings.ASKDOC_PHOTO_MAX_BYTES // (1024 * 1024)},
            code="size",
        )
    try:
        image = _decode(uploaded)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_too_big_message(), code="pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("This file is not a photo we can read. Please send a JPEG, PNG or WebP image."),
            code="invalid",
        ) from None
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        image = image.convert("RGB")
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    thumbnail = clean.copy()
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    return ProcessedPhoto(image=_jpeg(clean), thumbnail=_jpeg(thumbnail))
