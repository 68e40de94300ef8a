"""Photos as records reference them: prepared on the device, then stored as blobs by hash.

`prepare_photo` turns a camera file (or its bytes) into what is kept: turned upright by its
EXIF orientation, downscaled so its long side is at most `MAX_LONG_SIDE` pixels (never
upscaled), flattened onto white and converted to RGB, and encoded as JPEG with no metadata but
its colour profile — no camera, time or GPS tags, which a photo taken in someone's home must
not carry. The same source always gives the same bytes, so the hash made from them
(`store_photo`, through `Replica.add_blob`) is the photo's address: a photo attached twice is
stored once. A file that is not an image is refused with a message for people. No Kivy here.
"""

import io
from pathlib import Path

from PIL import Image, ImageOps

from field_app.i18n import _

MAX_LONG_SIDE = 2000
JPEG_QUALITY = 85
BACKGROUND = (255, 255, 255)  # what shows through a transparent picture


def prepare_photo(source):
    """The JPEG bytes to keep for `source` (a file's path, or its bytes)."""
    with _opened(source) as image:
        upright = _loaded(ImageOps.exif_transpose, image)
        upright.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
        flat = _on_white(upright)
        out = io.BytesIO()
        icc_profile = image.info.get("icc_profile")
        options = {"icc_profile": icc_profile} if icc_profile else {}
        flat.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **options)
    return out.getvalue()


def store_photo(replica, source):
    """Prepare `source` and store it on the device; returns its SHA-256 for the record."""
    return replica.add_blob(prepare_photo(source))


def _opened(source):
    """The image in `source`, or a ValueError a person can act on."""
    try:
        if isinstance(source, bytes | bytearray | memoryview):
            return Image.open(io.BytesIO(bytes(source)))
        return Image.open(Path(source))
    except FileNotFoundError:
        raise ValueError(
            _("The photo file is not there any more: take or choose it again.")
        ) from None
    except Image.DecompressionBombError:
        raise _too_large() from None
    except OSError:  # UnidentifiedImageError among them
        raise _not_a_photo() from None


def _loaded(transpose, image):
    """`transpose(image)` with the pixels read; a damaged file is refused, not half-kept."""
    try:
        image.load()
        return transpose(image)
    except Image.DecompressionBombError:
        raise _too_large() from None
    except (OSError, SyntaxError, ValueError):
        raise _not_a_photo() from None


def _not_a_photo():
    return ValueError(_("This file is not a photo that can be read: choose a JPEG or PNG picture."))


def _too_large():
    return ValueError(_("This picture is too large to read: choose a photo from the camera."))


def _on_white(image):
    """RGB pixels; what was transparent becomes white (not black)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, BACKGROUND)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")
