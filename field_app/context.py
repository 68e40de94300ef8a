"""`FieldContext`: what the running app holds besides its screens — the profile, the person
signed in, their replica, the sync engine and its one worker thread.

The screens reach everything through it; it has no Kivy, so the same calls run in tests
without a window. `deliver` (given by the app) hands each sync result to the main thread.
"""

from datetime import date

from domain.access import Actor
from field_app import account
from field_app.i18n import set_language
from field_app.profile import Profile
from field_app.worker import SyncWorker
from sync.client import SyncEngine


def http_transport(server_url, token):
    """The tablet's transport (`requests` is imported with it, after the first frame)."""
    from sync.client.http_transport import HttpTransport

    return HttpTransport(server_url, token)


class FieldContext:
    """The app's state for the user data folder `data_dir`."""

    def __init__(
        self,
        data_dir,
        *,
        today=None,
        transport_factory=None,
        worker_interval=60.0,
        engine_options=None,
    ):
        self.profile = Profile(data_dir)
        self.settings = self.profile.load()
        set_language(self.settings.language)
        self._today = today
        self.transport_factory = transport_factory or http_transport
        self.worker_interval = worker_interval
        self.engine_options = {"max_attempts": 3, "max_seconds": 30.0, **(engine_options or {})}
        self.signed_in, self.replica = None, None
        self.engine, self.worker = None, None
        opened = account.open_signed_in(self.profile)
        if opened:
            self.signed_in, self.replica = opened

    # --- who -----------------------------------------------------------------------------

    @property
    def actor(self):
        """The person signed in, as the domain's write rules see them."""
        s = self.signed_in
        return Actor(s.user_id, s.role, s.office_id, self.replica.device_id)

    def today(self):
        """The day the job list starts with (fixed in tests)."""
        return self._today or date.today()

    def sign_in(self, server_url, username, password, *, session=None):
        """Log in (`account.SignInFailed` says why not) and open the user's replica."""
        self.signed_in, self.replica = account.sign_in(
            self.profile, server_url, username, password, session=session
        )
        self.settings = self.profile.load()

    def sign_out(self):
        """Sign out unless records wait (`account.SignOutRefused` says how many)."""
        unsent = self.replica.unsent_records()
        if unsent:
            raise account.SignOutRefused(unsent)
        self.stop_sync()
        account.sign_out(self.profile, self.replica)
        self.signed_in, self.replica, self.engine = None, None, None
        self.settings = self.profile.load()

    # --- settings ------------------------------------------------------------------------

    def set_language(self, language):
        set_language(language)
        self.settings.language = language
        self.profile.save(self.settings)

    def set_server_url(self, url):
        """A new server address (takes effect at the next sync run)."""
        self.settings.server_url = account.normalise_url(url)
        self.profile.save(self.settings)
        self.engine = None

    # --- sync ----------------------------------------------------------------------------

    def sync_engine(self):
        """The engine of the person signed in (made on first use)."""
        if self.engine is None:
            transport = self.transport_factory(self.settings.server_url, self.signed_in.token)
            self.engine = SyncEngine(self.replica, transport, **self.engine_options)
        return self.engine

    def start_sync(self, deliver):
        """Start the one sync worker (runs at once, then every `worker_interval` seconds)."""
        if self.worker is None:
            self.worker = SyncWorker(self.sync_engine(), deliver, interval=self.worker_interval)
            self.worker.start()
        return self.worker

    def request_sync(self):
        if self.worker is not None:
            self.worker.request()

    def stop_sync(self, timeout=5.0):
        if self.worker is not None:
            self.worker.stop(timeout)
            self.worker = None
