"""Checking and re-encoding uploaded photos with Pillow.

A file is accepted only if Pillow decodes it as JPEG, PNG or WebP (the name and the
browser's content type are ignored). Size and pixel limits stop decompression bombs.
Every photo is re-encoded to JPEG after applying its EXIF orientation, which drops
EXIF (and so GPS) data, and a thumbnail is made.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
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


# --- Photos kept between the steps of the ask form ------------------------------------------
# A browser cannot refill a file input, so when the ask form shows a step (similar questions,
# urgent-care notice) the already checked photos are kept in private storage under random
# names, and the form carries a token signed for this user only.

DRAFTS_SALT = "questions.photo-drafts"
DRAFTS_MAX_AGE = 24 * 60 * 60


def _draft_names(key):
    return f"drafts/{key}.jpg", f"drafts/{key}-thumb.jpg"


def photo_drafts_store(*, user, photos):
    """Keep processed photos for the next step; returns a token only `user` can use."""
    from questions.models import private_storage

    storage = private_storage()
    keys = []
    for photo in photos:
        key = uuid.uuid4().hex
        image_name, thumbnail_name = _draft_names(key)
        photo.image.seek(0)
        photo.thumbnail.seek(0)
        storage.save(image_name, photo.image)
        storage.save(thumbnail_name, photo.thumbnail)
        keys.append(key)
    return signing.dumps({"user": user.pk, "keys": keys}, salt=DRAFTS_SALT)


def photo_drafts_load(*, user, token):
    """The photos kept under `token` for `user`; [] for a bad, expired or someone else's token."""
    from questions.models import private_storage

    try:
        data = signing.loads(token, salt=DRAFTS_SALT, max_age=DRAFTS_MAX_AGE)
    except signing.BadSignature:
        return []
    if data.get("user") != user.pk:
        return []
    storage = private_storage()
    photos = []
    for key in data.get("keys", [])[: settings.ASKDOC_PHOTOS_PER_QUESTION]:
        image_name, thumbnail_name = _draft_names(key)
        if not (storage.exists(image_name) and storage.exists(thumbnail_name)):
            continue
        with storage.open(image_name) as image, storage.open(thumbnail_name) as thumbnail:
            photos.append(
                ProcessedPhoto(image=ContentFile(image.read()), thumbnail=ContentFile(thumbnail.read()))
            )
    return photos


def photo_drafts_delete(*, token):
    """Remove the files kept under `token` (after the question is posted)."""
    from questions.models import private_storage

    try:
        data = signing.loads(token, salt=DRAFTS_SALT)
    except signing.BadSignature:
        return
    storage = private_storage()
    for key in data.get("keys", []):
        for name in _draft_names(key):
            storage.delete(name)
