"""The app's own settings on the tablet: the server's address, the language, who is signed in.

Kept as one small JSON file in the app's user data folder, beside one replica per user
(`users/<username>/replica.db`, with its blobs): a second person signing in on the same
tablet gets a replica and a device stream of their own (`Replica.bind_user`). The file is
written whole and renamed into place, so a dead battery leaves the old file or the new one,
never half of one. No Kivy here.
"""

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from field_app.i18n import DEFAULT_LANGUAGE

SETTINGS_FILE = "settings.json"
DEFAULT_SERVER_URL = "http://127.0.0.1:5000"


@dataclass
class SignedIn:
    """The person signed in on this tablet, and their token (from the login API)."""

    username: str
    user_id: str
    role: str
    office_id: str | None
    token: str
    expires_at: str | None = None
    display_name: str | None = None


@dataclass
class Settings:
    """What the app remembers between runs."""

    server_url: str = DEFAULT_SERVER_URL
    language: str = DEFAULT_LANGUAGE
    signed_in: SignedIn | None = None
    extra: dict = field(default_factory=dict)


class Profile:
    """The user data folder `root`: its settings file and the users' replica files."""

    def __init__(self, root):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    @property
    def settings_path(self):
        return self.root / SETTINGS_FILE

    def load(self):
        """The stored settings (defaults when there are none yet)."""
        if not self.settings_path.exists():
            return Settings()
        raw = json.loads(self.settings_path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(Settings)}
        settings = Settings(**{k: v for k, v in raw.items() if k in known})
        if isinstance(settings.signed_in, dict):
            settings.signed_in = SignedIn(**settings.signed_in)
        return settings

    def save(self, settings):
        """Write the settings whole, then rename them into place (atomic on one disk)."""
        partial = self.settings_path.with_suffix(".partial")
        with open(partial, "w", encoding="utf-8") as out:
            json.dump(asdict(settings), out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, self.settings_path)

    def replica_path(self, username):
        """Where `username`'s replica lives on this tablet."""
        if not username or "/" in username or username.startswith("."):
            raise ValueError(f"not a username: {username!r}")
        return self.root / "users" / username / "replica.db"
