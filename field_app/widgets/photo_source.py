"""Where photos come from: the camera on Android (plyer), a file chooser on the desktop
(plyer's camera is not implemented on Linux). `choose_photo(on_chosen)` calls `on_chosen(path)`
on the main thread with the picture's file, or not at all when the person cancels."""

import tempfile
from pathlib import Path

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.uix.popup import Popup
from kivy.utils import platform

from field_app.i18n import _

IMAGE_FILTERS = ["*.jpg", "*.jpeg", "*.png", "*.JPG", "*.JPEG", "*.PNG"]


def choose_photo(on_chosen):
    if platform == "android":
        _take_picture(on_chosen)
    else:
        PhotoChooser(on_chosen).open()


def _take_picture(on_chosen):
    from plyer import camera

    target = Path(tempfile.mkdtemp()) / "photo.jpg"

    def taken(path):
        Clock.schedule_once(lambda dt: on_chosen(path))
        return False

    camera.take_picture(filename=str(target), on_complete=taken)


class PhotoChooser(Popup):
    """A file chooser for a photo on the desktop."""

    def __init__(self, on_chosen, **kwargs):
        super().__init__(title=_("Choose a photo"), size_hint=(0.95, 0.95), **kwargs)
        self.on_chosen = on_chosen
        self.content = Factory.PhotoChooserContent(chooser=self)

    def choose(self, selection):
        if selection:
            self.dismiss()
            self.on_chosen(selection[0])
