"""The app's own widgets (keypad, signature pad, badges) and its shared styles (`common.kv`)."""
