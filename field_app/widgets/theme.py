"""The app's colours: high contrast for an inspector outdoors, in the rain, with gloves."""

BACKGROUND = (1, 1, 1, 1)
SURFACE = (0.92, 0.93, 0.95, 1)
INPUT = (0.97, 0.97, 0.98, 1)
TEXT = (0.07, 0.07, 0.09, 1)
MUTED = (0.30, 0.32, 0.36, 1)
PRIMARY = (0.04, 0.24, 0.57, 1)
PRIMARY_DARK = (0.02, 0.16, 0.40, 1)
ON_PRIMARY = (1, 1, 1, 1)
PASS = (0.0, 0.45, 0.18, 1)
FAIL = (0.69, 0.0, 0.13, 1)
WARN = (0.55, 0.34, 0.0, 1)

#: Colours of the sync badges and verdicts.
STATE_COLOURS = {
    "sent": PASS,
    "on_device": MUTED,
    "rejected": FAIL,
    "conflict": WARN,
    "pass": PASS,
    "fail": FAIL,
    "not_regulated": MUTED,
}
