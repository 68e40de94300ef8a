"""`SignaturePad`: the firm representative signs with a finger across the pad's full width.

Strokes are kept by `field_app.signature.Signature` in the pad's own 0–1 coordinates, so when
the tablet turns and the pad changes size the drawing is redrawn to the new size, not lost.
"""

from kivy.graphics import Color, Line
from kivy.properties import ObjectProperty
from kivy.uix.widget import Widget

from field_app.signature import Signature
from field_app.widgets.theme import TEXT


class SignaturePad(Widget):
    signature = ObjectProperty(None)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.signature = Signature()
        self.bind(size=self.redraw, pos=self.redraw)

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return super().on_touch_down(touch)
        touch.grab(self)
        self.signature.add_stroke(self._local(touch), self.size)
        self.redraw()
        return True

    def on_touch_move(self, touch):
        if touch.grab_current is not self:
            return super().on_touch_move(touch)
        self.signature.extend_stroke(self._local(touch), self.size)
        self.redraw()
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is self:
            touch.ungrab(self)
            return True
        return super().on_touch_up(touch)

    def clear(self):
        self.signature.clear()
        self.redraw()

    def _local(self, touch):
        return (touch.x - self.x, touch.y - self.y)

    def redraw(self, *args):
        self.canvas.after.clear()
        with self.canvas.after:
            Color(*TEXT)
            for stroke in self.signature.points_in(self.size):
                flat = [c for x, y in stroke for c in (self.x + x, self.y + y)]
                if len(flat) >= 4:
                    Line(points=flat, width=2.5)
