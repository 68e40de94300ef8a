"""The signature pad's pure side: normalised strokes, a PNG that is not blank, a blob."""

import hashlib
import io

import pytest
from PIL import Image

from field_app.signature import Signature
from sync.client.replica import Replica


def signed(pad=(1000, 300)):
    signature = Signature()
    signature.add_stroke((100, 150), pad)
    for x in range(120, 900, 20):
        signature.extend_stroke((x, 150 + (x % 80) - 40), pad)
    signature.add_stroke((500, 60), pad)  # a dot
    return signature


def dark_pixels(png):
    image = Image.open(io.BytesIO(png))
    return image, sum(image.histogram()[:128])


def test_points_are_kept_normalised_to_the_pad():
    signature = Signature()
    signature.add_stroke((250, 75), (1000, 300))
    signature.extend_stroke((1200, -10), (1000, 300))  # off the edge: kept on it
    assert signature.strokes == [[(0.25, 0.25), (1.0, 0.0)]]


def test_a_rotation_keeps_the_drawing():
    signature = signed(pad=(1280, 300))
    after = signature.points_in((800, 300))
    assert after[0][0] == pytest.approx((100 / 1280 * 800, 150))
    again = signature.points_in((1280, 300))
    assert again[0][0] == pytest.approx((100, 150))


def test_a_stroke_started_on_one_pad_goes_on_after_a_resize():
    signature = Signature()
    signature.add_stroke((640, 150), (1280, 300))
    signature.extend_stroke((400, 150), (800, 300))
    assert signature.strokes == [[(0.5, 0.5), (0.5, 0.5)]]


def test_the_png_is_black_on_white_and_not_blank():
    image, dark = dark_pixels(signed().to_png(900))
    assert image.format == "PNG" and image.size == (900, 270)
    assert image.getpixel((0, 0)) == 255 and dark > 900 * 2
    top, bottom = image.getpixel((450, 5)), image.getpixel((450, 265))
    assert top == bottom == 255


def test_the_line_thickens_with_the_width():
    _, small = dark_pixels(signed().to_png(500))
    _, large = dark_pixels(signed().to_png(2000))
    assert large > small * 8  # four times the length, thicker lines


def test_y_is_up_as_the_pad_reports_touches():
    signature = Signature()
    signature.add_stroke((100, 280), (1000, 300))  # near the top of the pad
    signature.extend_stroke((900, 280), (1000, 300))
    image = Image.open(io.BytesIO(signature.to_png(1000)))
    assert image.getpixel((500, 20)) < 128 and image.getpixel((500, 280)) == 255


def test_clear_empties_and_an_empty_signature_cannot_be_stored(tmp_path):
    replica = Replica(tmp_path / "replica.db")
    signature = signed()
    signature.clear()
    assert signature.is_empty()
    with pytest.raises(ValueError, match="The signature is empty"):
        signature.store(replica)
    assert replica.counts()["pending"] == 0
    replica.close()


def test_store_keeps_the_png_by_its_hash(tmp_path):
    replica = Replica(tmp_path / "replica.db")
    signature = signed()
    sha256 = signature.store(replica)
    kept = replica.blob_path(sha256).read_bytes()
    assert hashlib.sha256(kept).hexdigest() == sha256 and kept == signature.to_png(1200)
    reopened = Signature(signature.strokes, signature.aspect)
    assert reopened.store(replica) == sha256
    replica.close()
