"""Photos prepared before hashing: upright, at most 2,000 px, RGB JPEG without metadata."""

import hashlib
import io

import pytest
from PIL import Image

from field_app.photos import MAX_LONG_SIDE, prepare_photo, store_photo
from sync.client.replica import Replica

ORIENTATION = 0x0112
MAKE, GPS_INFO = 0x010F, 0x8825


def jpeg(size, colour=(200, 30, 30), exif=None):
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    image.save(out, "JPEG", exif=exif) if exif is not None else image.save(out, "JPEG")
    return out.getvalue()


def opened(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_big_photo_is_downscaled_to_a_long_side_of_2000_px():
    image = opened(prepare_photo(jpeg((4000, 3000))))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.size == (MAX_LONG_SIDE, 1500)


def test_a_tiny_photo_is_never_upscaled():
    assert opened(prepare_photo(jpeg((40, 30)))).size == (40, 30)


def test_the_exif_orientation_is_applied_and_every_tag_dropped():
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: rotate 90° clockwise to view
    exif[MAKE] = "PhoneCo"
    exif[GPS_INFO] = {1: "N", 2: (25.0, 7.0, 0.0)}
    taken = jpeg((3000, 2000), exif=exif.tobytes())
    assert opened(taken).getexif()[ORIENTATION] == 6
    image = opened(prepare_photo(taken))
    assert image.size == (1333, 2000)  # upright: portrait, long side 2,000
    assert dict(image.getexif()) == {} and "exif" not in image.info


def test_a_png_with_alpha_is_flattened_on_white():
    out = io.BytesIO()
    picture = Image.new("RGBA", (100, 50), (0, 0, 0, 0))
    picture.paste((0, 0, 255, 255), (0, 0, 50, 50))
    picture.save(out, "PNG")
    image = opened(prepare_photo(out.getvalue()))
    assert image.mode == "RGB" and image.size == (100, 50)
    red, green, blue = image.getpixel((90, 25))
    assert min(red, green, blue) > 240  # transparent became white, not black
    assert image.getpixel((10, 25))[2] > 200 and image.getpixel((10, 25))[0] < 40


def test_a_path_works_like_its_bytes_and_gives_the_same_bytes_every_time(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(jpeg((2500, 2500)))
    assert prepare_photo(path) == prepare_photo(path.read_bytes()) == prepare_photo(str(path))


@pytest.mark.parametrize(
    "content", [b"%PDF-1.4 not a picture", b"", jpeg((400, 300))[:200]], ids=["pdf", "empty", "cut"]
)
def test_a_file_that_is_not_an_image_is_refused_for_people(content):
    with pytest.raises(ValueError, match="not a photo that can be read"):
        prepare_photo(content)


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(ValueError, match="not there any more"):
        prepare_photo(tmp_path / "gone.jpg")


def test_store_photo_keeps_the_prepared_bytes_by_their_hash(tmp_path):
    replica = Replica(tmp_path / "replica.db")
    taken = jpeg((4000, 3000))
    sha256 = store_photo(replica, taken)
    kept = replica.blob_path(sha256).read_bytes()
    assert (
        sha256
        == hashlib.sha256(kept).hexdigest()
        == hashlib.sha256(prepare_photo(taken)).hexdigest()
    )
    assert opened(kept).size == (2000, 1500)
    assert store_photo(replica, taken) == sha256
    replica.close()
