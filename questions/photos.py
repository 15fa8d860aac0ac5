"""Question photos: checked and cleaned by askdoc.images, kept as a JPEG and a thumbnail.

Also the drafts of the ask form's steps: a browser cannot refill a file input, so when the
ask form shows a step (similar questions, urgent-care notice) the already checked photos are
kept in private storage under random names, and the form carries a token signed for this
user only. Drafts never attached to a question are removed by `cleanup_photo_drafts`.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.utils import timezone

from askdoc.images import image_decode, image_encode, image_thumbnail

THUMBNAIL_MAX_SIDE = 400


@dataclass
class ProcessedPhoto:
    """A checked photo ready to store, with the asker's choices for it."""

    image: ContentFile
    thumbnail: ContentFile
    is_public: bool = False
    caption: str = ""


def photo_process(uploaded):
    """Return the re-encoded photo (JPEG, no metadata) and its thumbnail, or raise ValidationError."""
    decoded = image_decode(
        uploaded, max_bytes=settings.ASKDOC_PHOTO_MAX_BYTES, max_pixels=settings.ASKDOC_PHOTO_MAX_PIXELS
    )
    return ProcessedPhoto(
        image=image_encode(decoded.image, format="JPEG"),
        thumbnail=image_thumbnail(decoded.image, max_side=THUMBNAIL_MAX_SIDE),
    )


# --- Photos kept between the steps of the ask form ------------------------------------------

DRAFTS_SALT = "questions.photo-drafts"
DRAFTS_MAX_AGE = 24 * 60 * 60
DRAFTS_DIRECTORY = "drafts"


def _draft_names(key):
    return f"{DRAFTS_DIRECTORY}/{key}.jpg", f"{DRAFTS_DIRECTORY}/{key}-thumb.jpg"


def _storage():
    from questions.models import private_storage

    return private_storage()


def photo_drafts_store(*, user, photos):
    """Keep processed photos for the next step; returns a token only `user` can use.

    `photos` is one entry per photo slot of the form, None for an empty slot; the token
    keeps the slots, so each photo keeps its own caption and visibility.
    """
    storage = _storage()
    keys = []
    for photo in photos:
        if photo is None:
            keys.append(None)
            continue
        key = uuid.uuid4().hex
        image_name, thumbnail_name = _draft_names(key)
        photo.image.seek(0)
        photo.thumbnail.seek(0)
        storage.save(image_name, photo.image)
        storage.save(thumbnail_name, photo.thumbnail)
        keys.append(key)
    return signing.dumps({"user": user.pk, "keys": keys}, salt=DRAFTS_SALT)


def _draft_keys(token, *, max_age=None):
    try:
        data = signing.loads(token, salt=DRAFTS_SALT, max_age=max_age)
    except signing.BadSignature:
        return None, []
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, list):
        return None, []
    keys = [key if isinstance(key, str) and key.isalnum() else None for key in keys]
    return data.get("user"), keys[: settings.ASKDOC_PHOTOS_PER_QUESTION]


def photo_drafts_load(*, user, token):
    """The photos kept under `token` for `user`, one entry per slot (None where empty).

    A bad, expired or someone else's token gives no photos.
    """
    owner, keys = _draft_keys(token, max_age=DRAFTS_MAX_AGE)
    if owner is None or owner != user.pk:
        return []
    storage = _storage()
    photos = []
    for key in keys:
        photo = None
        if key is not None:
            image_name, thumbnail_name = _draft_names(key)
            if storage.exists(image_name) and storage.exists(thumbnail_name):
                with storage.open(image_name) as image, storage.open(thumbnail_name) as thumbnail:
                    photo = ProcessedPhoto(
                        image=ContentFile(image.read()), thumbnail=ContentFile(thumbnail.read())
                    )
        photos.append(photo)
    return photos


def photo_drafts_delete(*, user, token):
    """Remove the files kept under `token` for `user` (after the question is posted)."""
    owner, keys = _draft_keys(token)
    if owner is None or owner != user.pk:
        return
    storage = _storage()
    for key in keys:
        if key is not None:
            for name in _draft_names(key):
                storage.delete(name)


def photo_drafts_cleanup(*, older_than):
    """Delete draft files last written more than `older_than` (a timedelta) ago; returns how many.

    Drafts are abandoned when a patient leaves the ask form after a step. Their token
    expires after DRAFTS_MAX_AGE, so a cut-off of at least that never removes a usable draft.
    """
    storage = _storage()
    if not storage.exists(DRAFTS_DIRECTORY):
        return 0
    cutoff = timezone.now() - older_than
    _directories, files = storage.listdir(DRAFTS_DIRECTORY)
    deleted = 0
    for name in files:
        path = f"{DRAFTS_DIRECTORY}/{name}"
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            deleted += 1
    return deleted
