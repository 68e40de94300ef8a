"""One fresh process of the field-app benchmark, started by bench/app_bench.py.

    python bench/app_child.py empty   DATA_DIR TODAY   # baseline: an empty Kivy app
    python bench/app_child.py cold    DATA_DIR TODAY   # the app, to the job list's rows
    python bench/app_child.py session DATA_DIR TODAY FRAMES KEYSTROKES NAWI WATER_METER

`empty` and `cold` run the app's real loop (`App.run()`, Kivy's default frame rate) and stop
at the first frame drawn with something to show — for `cold`, the today screen with job rows
in its list. They print the wall-clock times (`time.time()`) of the process's first line,
of its imports done, of the app built and of that frame, and the resident memory then.

`session` builds the app as tests/ui/harness.py does and measures what `bench.app_frames`
does: scrolling the job list, keystrokes on two check forms (`NAWI` and `WATER_METER` are
`job_id:instrument_id`), and memory after each. Every mode prints one line, `RESULT {json}`.
Everything runs headless (`field_app.ui_environment.headless()`).
"""

import time

STARTED = time.time()  # before any import: the process's own start, as near as Python gets

import json  # noqa: E402
import sys  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

REPOSITORY = Path(__file__).resolve().parent.parent
TABLET_SIZE = (1280, 800)
GIVE_UP_SECONDS = 60  # a cold start that shows no job rows by then is reported as broken


def prepare_kivy(*, frame_limit=True):
    """The headless environment, and (for `session`) no frame limiter; before Kivy starts."""
    if str(REPOSITORY) not in sys.path:
        sys.path.insert(0, str(REPOSITORY))
    from field_app import ui_environment

    ui_environment.headless()
    if not frame_limit:
        from kivy.config import Config

        Config.set("graphics", "maxfps", "0")


def memory_now():
    from bench.app_frames import memory_mb

    return memory_mb()


def empty_app():
    """An app with one empty widget: the time to its first frame."""
    from kivy.app import App
    from kivy.core.window import Window
    from kivy.uix.widget import Widget

    marks = {"started": STARTED, "imported": time.time()}

    class Empty(App):
        def build(self):
            return Widget()

        def on_start(self):
            marks["built"] = time.time()

    app = Empty()

    def flipped(*_):
        marks["frame"] = time.time()
        marks["memory"] = memory_now()
        Window.unbind(on_flip=flipped)
        app.stop()

    Window.size = TABLET_SIZE
    Window.bind(on_flip=flipped)
    app.run()
    return marks


def cold_start(data_dir, today):
    """The field app on `data_dir`: the time to the first frame showing job rows."""
    from kivy.clock import Clock
    from kivy.core.window import Window

    from field_app.app import FieldApp

    marks = {"started": STARTED, "imported": time.time()}
    app = FieldApp(data_dir=data_dir, today=date.fromisoformat(today), sync_in_background=False)
    app.bind(on_start=lambda *_: marks.setdefault("built", time.time()))

    def flipped(*_):
        marks.setdefault("first_frame", time.time())
        screen = app.manager.current_screen if app.manager else None
        if screen is None or screen.name != "today":
            return
        from bench.app_frames import shown_rows

        rows = shown_rows(screen)
        if rows:
            marks["frame"] = time.time()
            marks["rows"], marks["items"] = len(rows), len(screen.ids.jobs.data)
            marks["memory"] = memory_now()
            Window.unbind(on_flip=flipped)
            app.stop()

    def give_up(_dt):
        marks["error"] = f"no job rows drawn within {GIVE_UP_SECONDS} s"
        app.stop()

    Window.size = TABLET_SIZE
    Window.bind(on_flip=flipped)
    Clock.schedule_once(give_up, GIVE_UP_SECONDS)
    app.run()
    return marks


def session(data_dir, today, frame_count, keystroke_count, forms):
    """Scroll the job list, type on each check form of `forms`; memory after each step."""
    from kivy.core.window import Window

    from bench import app_frames
    from field_app.app import FieldApp

    Window.size = TABLET_SIZE
    app = FieldApp(data_dir=data_dir, today=date.fromisoformat(today), sync_in_background=False)
    app._run_prepare()
    app_frames.frames(4)
    figures = {"renderer": app_frames.renderer(), "memory_started": app_frames.memory_mb()}
    figures["scroll"] = app_frames.scroll_frames(app, frame_count)
    figures["memory_scrolled"] = app_frames.memory_mb()
    figures["typing"] = {}
    for name, (job_id, instrument_id) in forms.items():
        figures["typing"][name] = app_frames.keystrokes(app, job_id, instrument_id, keystroke_count)
    figures["memory_typed"] = app_frames.memory_mb()
    app.manager.current_screen.dispatch("on_leave")
    app.on_stop()
    return figures


def main(argv):
    mode, data_dir, today = argv[1:4]
    if mode == "empty":
        prepare_kivy()
        figures = empty_app()
    elif mode == "cold":
        prepare_kivy()
        figures = cold_start(data_dir, today)
    elif mode == "session":
        prepare_kivy(frame_limit=False)
        frame_count, keystroke_count = int(argv[4]), int(argv[5])
        forms = {"nawi": argv[6].split(":"), "water_meter": argv[7].split(":")}
        figures = session(data_dir, today, frame_count, keystroke_count, forms)
    else:
        raise SystemExit(f"unknown mode {mode!r}: expected empty, cold or session")
    print("RESULT " + json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
