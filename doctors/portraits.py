"""Portrait uploads: decoded and re-encoded by askdoc.images so only a clean image is ever stored."""

import uuid

from askdoc.images import image_decode, image_encode

MAX_BYTES = 3 * 1024 * 1024
MAX_PIXELS = 4096 * 4096
MAX_SIDE = 800


def portrait_process(upload):
    """A JPEG, PNG or WebP of at most MAX_BYTES and MAX_PIXELS, re-encoded without metadata
    in its own format, at most MAX_SIDE wide and high; raises ValidationError otherwise."""
    decoded = image_decode(upload, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS)
    content = image_encode(decoded.image, format=decoded.format, max_side=MAX_SIDE)
    content.name = f"{uuid.uuid4().hex}.{decoded.extension}"
    return content
