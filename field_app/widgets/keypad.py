"""`Keypad`: a numeric keypad with big keys for readings, typed into the focused field.

Reading fields keep the system keyboard away (`keyboard_mode: "managed"`) and tell the keypad
they are the target when focused; a key press inserts at the cursor, `←` deletes, `−` turns
the sign, and `→` moves to the next reading field of the form.
"""

from kivy.factory import Factory
from kivy.properties import ListProperty, ObjectProperty
from kivy.uix.gridlayout import GridLayout

KEYS = ("7", "8", "9", "4", "5", "6", "1", "2", "3", "−", "0", ".", "←", "→")


class Keypad(GridLayout):
    """Types into `target` (a TextInput); `order` is the fields `→` walks through."""

    target = ObjectProperty(None, allownone=True)
    order = ListProperty([])

    def on_kv_post(self, base_widget):
        for key in KEYS:
            self.add_widget(Factory.KeypadKey(text=key, on_release=lambda b: self.press(b.text)))

    def press(self, key):
        field = self.target
        if field is None or field.readonly:
            return
        if key == "←":
            field.do_backspace()
        elif key == "−":
            field.text = field.text[1:] if field.text.startswith("-") else "-" + field.text
            field.cursor = (len(field.text), 0)
        elif key == "→":
            self.next_field()
        else:
            field.insert_text(key)

    def next_field(self):
        """Focus the next reading field after the target (wrapping to the first)."""
        if not self.order:
            return
        index = self.order.index(self.target) + 1 if self.target in self.order else 0
        following = self.order[index % len(self.order)]
        following.focus = True
        self.target = following
