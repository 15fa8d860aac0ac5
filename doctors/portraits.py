"""Portrait uploads: decoded and re-encoded by Pillow so only a clean image is ever stored."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 3 * 1024 * 1024
MAX_PIXELS = 4096 * 4096
MAX_SIDE = 800
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def portrait_process(upload):
    """A JPEG, PNG or WebP of at most MAX_BYTES and MAX_PIXELS, re-encoded without metadata.

    Re-encoding from pixels drops EXIF (camera, GPS) and anything appended to the file.
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The portrait must be at most 3 MB."))
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in FORMATS:
                raise ValidationError(_("The portrait must be a JPEG, PNG or WebP image."))
            if width * height > MAX_PIXELS:
                raise ValidationError(_("The portrait is too large; please use a smaller image."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = image.convert("RGBA" if image_format == "PNG" else "RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.save(out, format=image_format)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(_("This file is not an image we can read.")) from error
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{FORMATS[image_format]}")
