"""The firm representative's signature, without the pad widget: strokes, a PNG, a blob.

Points are kept normalised to the pad: 0..1 along its width and its height, with y up as the
pad reports touches (origin at the bottom left). A rotation that gives the pad another pixel
size therefore keeps the drawing — the pad redraws it from `points_in(new size)` — and
`to_png` renders it at any width, black on white, with a line that thickens with the width.
The pad's shape (height ÷ width) when the strokes were drawn is kept for the PNG's height.
`store` puts the PNG on the device as a blob (`Replica.add_blob`) and returns the SHA-256 the
record carries; an empty signature is refused. No Kivy here.
"""

import io

from PIL import Image, ImageDraw

from field_app.i18n import _

DEFAULT_ASPECT = 1 / 3  # a signature strip three times as wide as it is high
LINE_WIDTH_PER_PIXEL = 1 / 250  # a 1000 px wide image draws 4 px lines
MIN_LINE_WIDTH = 2
SUPERSAMPLE = 2  # drawn at twice the size and reduced: smooth edges


class Signature:
    """Strokes as lists of normalised `(x, y)` points."""

    def __init__(self, strokes=(), aspect=DEFAULT_ASPECT):
        self.strokes = [[(float(x), float(y)) for x, y in stroke] for stroke in strokes]
        self.aspect = aspect

    def add_stroke(self, point, pad_size):
        """Start a stroke where the pen touched: `point` in pad pixels, `pad_size` (w, h)."""
        self.aspect = _aspect(pad_size)
        self.strokes.append([_normalised(point, pad_size)])

    def extend_stroke(self, point, pad_size):
        """Continue the current stroke to `point` (starts one if there is none)."""
        if not self.strokes:
            self.add_stroke(point, pad_size)
            return
        self.strokes[-1].append(_normalised(point, pad_size))

    def clear(self):
        self.strokes = []

    def is_empty(self):
        return not any(self.strokes)

    def points_in(self, pad_size):
        """The strokes in pixels of a pad of `pad_size`, to draw them again after a resize."""
        width, height = pad_size
        return [[(x * width, y * height) for x, y in stroke] for stroke in self.strokes]

    def to_png(self, width_px):
        """The signature as PNG bytes `width_px` wide (height from the pad's shape)."""
        if width_px < 1:
            raise ValueError(f"width_px must be at least 1, got {width_px}")
        height_px = max(1, round(width_px * self.aspect))
        scale = SUPERSAMPLE
        image = Image.new("L", (width_px * scale, height_px * scale), 255)
        draw = ImageDraw.Draw(image)
        line = max(MIN_LINE_WIDTH, round(width_px * LINE_WIDTH_PER_PIXEL)) * scale
        for stroke in self.points_in((width_px * scale, height_px * scale)):
            _draw_stroke(draw, [(x, height_px * scale - y) for x, y in stroke], line)
        image = image.resize((width_px, height_px), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()

    def store(self, replica, width_px=1200):
        """Store the PNG on the device; returns its SHA-256 (ValueError when empty)."""
        if self.is_empty():
            raise ValueError(_("The signature is empty: ask the firm's representative to sign."))
        return replica.add_blob(self.to_png(width_px))


def _aspect(pad_size):
    width, height = pad_size
    if width <= 0 or height <= 0:
        raise ValueError(f"the pad has no size: {pad_size}")
    return height / width


def _normalised(point, pad_size):
    """`point` in pad pixels as 0..1 on both axes (a pen slipping off the edge stays on it)."""
    _aspect(pad_size)
    (x, y), (width, height) = point, pad_size
    return (min(1.0, max(0.0, x / width)), min(1.0, max(0.0, y / height)))


def _draw_stroke(draw, points, line):
    if len(points) == 1:
        (x, y), radius = points[0], line / 2
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=0)
        return
    draw.line(points, fill=0, width=line, joint="curve")
    for x, y in (points[0], points[-1]):  # round ends
        radius = line / 2
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=0)
