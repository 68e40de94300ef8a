"""What the field-app benchmark measures inside a running app: frames while the job list
scrolls, the live verdict after each keystroke on the check form, and resident memory.

The app is driven the way tests/ui/harness.py drives it — built with `App._run_prepare()` and
stepped one `EventLoop.idle()` at a time — with Kivy's frame limiter off (`maxfps` 0, set
before Kivy starts), so a frame's time is the work of the frame, not the wait for the next
one. A frame is timed until the GL has finished drawing it (`glFinish`): a software renderer
(Mesa's llvmpipe, headless) draws on threads of its own, and without the wait its work would
be paid by whichever later call touches a texture it still draws with. Each figure comes
with the time the main thread spent before that wait, and `redraws` gives the baseline: the
same screen drawn again with nothing changed. Import this module only in a process that runs
Kivy (it imports Kivy).
"""

import time
from pathlib import Path

from kivy.base import EventLoop
from kivy.core.window import Window
from kivy.graphics.opengl import GL_RENDERER, glFinish, glGetString

STATUS = Path("/proc/self/status")


def memory_mb():
    """`{"rss": resident MB now, "peak": highest resident MB so far}` of this process."""
    fields = {}
    for line in STATUS.read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return {"rss": fields["VmRSS"], "peak": fields["VmHWM"]}


def renderer():
    """The GL renderer's name (e.g. `llvmpipe (LLVM 15.0.7, 256 bits)`)."""
    name = glGetString(GL_RENDERER)
    return name.decode() if isinstance(name, bytes) else str(name)


class FrameClock:
    """Times frames: `start()` before the change a frame shows, `frame()` runs the frame."""

    def __init__(self):
        self.seconds, self.main_seconds = [], []

    def start(self):
        self.started = time.perf_counter()

    def frame(self):
        """One turn of Kivy's loop, then wait for the GL to finish drawing it."""
        EventLoop.idle()
        main = time.perf_counter()
        glFinish()
        self.main_seconds.append(main - self.started)
        self.seconds.append(time.perf_counter() - self.started)

    def figures(self):
        return {"seconds": self.seconds, "main_seconds": self.main_seconds}


def frames(n=1):
    """Run `n` frames (drawn to the end); returns their `FrameClock` figures."""
    clock = FrameClock()
    for _ in range(n):
        clock.start()
        clock.frame()
    return clock.figures()


def redraws(n):
    """The baseline: the current screen drawn again `n` times with nothing changed."""
    clock = FrameClock()
    for _ in range(n):
        clock.start()
        Window.canvas.ask_update()
        clock.frame()
    return clock.figures()


def shown_rows(screen):
    """The job rows the today screen's recycled list has on screen now."""
    layout = screen.ids.jobs.layout_manager
    return [view for view in layout.children if hasattr(view, "job_id")] if layout else []


def scroll_frames(app, count):
    """Scroll the job list from its top to its bottom in `count` frames, one step a frame.

    Returns `{"seconds", "main_seconds", "redraw", "items", "rows_seen",
    "pixels_per_frame"}`: each frame's time (setting `scroll_y`, one `EventLoop.idle()`, the
    drawing finished), the baseline `redraws` of the list standing still, how many items the
    list holds and how many different job rows were on screen along the way.
    """
    screen = app.go("today")
    frames(4)
    jobs = screen.ids.jobs
    jobs.scroll_y = 1
    frames(2)
    still = redraws(max(10, count // 10))
    seen, clock = set(), FrameClock()
    for step in range(1, count + 1):
        clock.start()
        jobs.scroll_y = 1 - step / count
        clock.frame()
        seen.update(view.job_id for view in shown_rows(screen))
    travel = max(0.0, jobs.children[0].height - jobs.height) if jobs.children else 0.0
    return {
        **clock.figures(),
        "redraw": still["seconds"],
        "items": len(jobs.data),
        "rows_seen": len(seen),
        "pixels_per_frame": travel / count,
    }


def reading_plan(form):
    """`[(row key, field name, text)]`: a plausible reading for every empty required field."""
    plan = []
    for view in form.rows():
        texts = {f["name"]: f["text"] for f in view["fields"]}
        for field in view["fields"]:
            if field["required"] and not field["text"]:
                plan.append((view["key"], field["name"], _reading(field["name"], texts)))
    return plan


def _reading(name, texts):
    if name == "indication" and texts.get("load"):
        return texts["load"]
    return {"actual": "100.0", "indicated": "100.4"}.get(name, "1000")


def keystrokes(app, job_id, instrument_id, count):
    """Open the check form of `instrument_id` and press `count` keys on its keypad.

    Readings are typed key by key into each empty required field in turn; once every field
    holds its reading, each is erased with `←` and typed again (erasing is typing too: each
    key re-judges the check). A keystroke's time is the key press — the input's text changes,
    the screen's `typed` handler sets the reading, re-judges and updates every row — plus the
    next frame, drawn. Returns `{"seconds", "main_seconds", "handler_seconds", "redraw",
    "rows", "fields", "verdict", "judged_rows"}` (`redraw`: the form drawn again unchanged).
    """
    screen = app.go("check", job_id=job_id, instrument_id=instrument_id)
    frames(4)
    still = redraws(max(10, count // 10))
    inputs = _inputs_by_field(screen)
    plan = reading_plan(screen.form)
    handler, original = [], screen.typed

    def timed_typed(*args):
        started = time.perf_counter()
        original(*args)
        handler.append(time.perf_counter() - started)

    screen.typed = timed_typed  # the inputs call `self.typed` when their text changes
    keypad, clock = screen.ids.keypad, FrameClock()
    try:
        for target, key in _key_sequence(inputs, plan, count):
            keypad.target = target  # a tap on the field (not timed)
            clock.start()
            keypad.press(key)
            clock.frame()
    finally:
        del screen.typed
    frames(2)
    views = screen.form.rows()
    return {
        **clock.figures(),
        "handler_seconds": handler,
        "redraw": still["seconds"],
        "rows": len(views),
        "fields": len(inputs),
        "verdict": screen.form.verdict,
        "judged_rows": sum(1 for view in views if view["verdict"]),
    }


def _inputs_by_field(screen):
    """`{(row key, field name): TextInput}` of the check screen."""
    found = {}
    for view in screen.form.rows():
        boxes = list(reversed(screen.rows[view["key"]].ids.inputs.children))
        for field, box in zip(view["fields"], boxes, strict=True):
            found[(view["key"], field["name"])] = box.ids.input
    return found


def _key_sequence(inputs, plan, count):
    """`count` (input, key) presses: type the plan's readings, then erase and retype them."""
    pressed = 0
    while plan:
        for key, field, text in plan:
            target = inputs[(key, field)]
            for press in ["←"] * len(target.text) + list(text):
                if pressed == count:
                    return
                yield target, press
                pressed += 1
