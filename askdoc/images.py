"""Uploaded images, checked and cleaned in one place (doctor portraits, question photos).

A file is accepted only if Pillow decodes it as JPEG, PNG or WebP: the file name and the
browser's content type are ignored. The byte size is checked before decoding, and the pixel
count is read from the header before any pixel is decoded, so a decompression bomb (a tiny
file declaring 20000x20000 pixels) is refused without allocating its memory. The decoded
pixels are copied into a new image, so nothing of the original file survives re-encoding:
no EXIF (camera, GPS), no ICC or text chunks, no data appended after the image (polyglots).
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# Pillow format name -> file extension of the re-encoded file.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
JPEG_QUALITY = 85


@dataclass(frozen=True)
class DecodedImage:
    """Pixels only (EXIF orientation applied, no metadata), and the format they came in."""

    image: Image.Image
    format: str

    @property
    def extension(self):
        return ACCEPTED_FORMATS[self.format]


def _too_many_pixels(max_pixels):
    return ValidationError(
        _("This image is too large: please send one under %(megapixels)s megapixels.")
        % {"megapixels": f"{max_pixels / 1_000_000:g}"},
        code="pixels",
    )


def _unreadable():
    return ValidationError(
        _("This file is not a photo we can read. Please send a JPEG, PNG or WebP image."),
        code="invalid",
    )


def _open_checked(upload, max_pixels):
    upload.seek(0)
    with Image.open(upload) as probe:
        if probe.format not in ACCEPTED_FORMATS:
            raise ValidationError(_("Please send a JPEG, PNG or WebP image."), code="format")
        if probe.width * probe.height > max_pixels:
            raise _too_many_pixels(max_pixels)
        probe.verify()
    upload.seek(0)
    image = Image.open(upload)
    image.load()
    return image


def _pixels_only(image):
    """A new image holding only the pixels of `image`, upright, in RGB or RGBA."""
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    converted = image.convert(mode)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def image_decode(upload, *, max_bytes, max_pixels):
    """Decode an uploaded file into a `DecodedImage`, or raise ValidationError.

    The error codes are "size", "format", "pixels" and "invalid".
    """
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("This file is over %(mb)s MB: please send a smaller one.")
            % {"mb": f"{max_bytes / (1024 * 1024):g}"},
            code="size",
        )
    try:
        with warnings.catch_warnings():
            # Pillow's own (global) bomb limit is a warning first: make it an error here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            original = _open_checked(upload, max_pixels)
            with original:
                return DecodedImage(image=_pixels_only(original), format=original.format)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(max_pixels) from None
    except Exception:
        # Decoders raise many kinds of errors on hostile or broken files (OSError, SyntaxError,
        # ValueError, EOFError, struct.error, ...): for an upload, every one means "unreadable".
        raise _unreadable() from None


def image_encode(image, *, format="JPEG", max_side=None):
    """Encode pixels as `format` (JPEG flattens transparency onto white), at most `max_side` wide and high."""
    if max_side is not None and max(image.size) > max_side:
        image = image.copy()
        image.thumbnail((max_side, max_side))
    if format == "JPEG" and image.mode != "RGB":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A") if "A" in image.getbands() else None)
        image = background
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": JPEG_QUALITY, "optimize": True}, "WEBP": {"quality": JPEG_QUALITY}}
    image.save(buffer, format=format, **options.get(format, {}))
    return ContentFile(buffer.getvalue())


def image_thumbnail(image, *, max_side=400):
    """A JPEG at most `max_side` wide and high, keeping the proportions."""
    return image_encode(image, format="JPEG", max_side=max_side)
