"""The notices' settings, read from the app's config (`NOTICES_*`, or `FLASK_NOTICES_*` in
the environment) over the defaults here.

With `NOTICES_SMTP_HOST` unset no e-mail is sent: e-mail notices stay pending in the outbox
(nothing is lost) until a relay is configured; SMS notices go to the SMS adapter either way.

    >>> settings = notice_settings({"NOTICES_SMTP_HOST": "127.0.0.1", "NOTICES_SMTP_PORT": "8025"})
    >>> settings.smtp_port, settings.max_attempts
    (8025, 8)
    >>> settings.retry_delay(1), settings.retry_delay(3), settings.retry_delay(30)
    (30.0, 120.0, 3600.0)
"""

import os
from dataclasses import dataclass, fields, replace

from domain.notices import DUE_DAYS_AHEAD
from sync.server.clock import system_now


@dataclass(frozen=True)
class NoticeSettings:
    """How the worker sends: relay, sender, retries, leases, scans."""

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout: float = 10.0
    mail_from: str = "Verifield <notices@verifield.invalid>"
    #: Where the default SMS adapter writes (JSON lines); None: the instance folder's file.
    sms_log: str | None = None
    #: The public address of the lookup page printed on applicants' notices.
    public_url: str = "http://127.0.0.1:5000"
    max_attempts: int = 8
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 3600.0
    #: How long a worker holds a claimed batch; more than three SMTP timeouts.
    lease_seconds: float = 60.0
    batch_size: int = 50
    poll_seconds: float = 1.0
    scan_seconds: float = 3600.0
    due_days_ahead: int = DUE_DAYS_AHEAD
    #: The language of notices to office staff (their records name none).
    staff_language: str = "zh_TW"

    def retry_delay(self, attempts):
        """Seconds before the next try after `attempts` failed ones: doubling from the base,
        capped at the maximum."""
        return min(self.retry_base_seconds * 2 ** (attempts - 1), self.retry_max_seconds)

    @property
    def sends_email(self):
        """Whether an SMTP relay is configured."""
        return bool(self.smtp_host)


def _coerced(default, value):
    """`value` (from the config or an environment variable) as the type of the default."""
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
    if isinstance(default, int | float):
        return type(default)(value)
    return value


def notice_settings(config, *, instance_path=None):
    """The settings of `config` (a mapping: the app's config), defaults where unset."""
    values = {}
    for field in fields(NoticeSettings):
        key = f"NOTICES_{field.name.upper()}"
        if key in config:
            values[field.name] = _coerced(field.default, config[key])
    settings = NoticeSettings(**values)
    if settings.lease_seconds <= 3 * settings.smtp_timeout:
        raise ValueError(
            f"NOTICES_LEASE_SECONDS ({settings.lease_seconds}) must be more than three "
            f"NOTICES_SMTP_TIMEOUT ({settings.smtp_timeout}): a worker sends only while its "
            "lease has time for one more send."
        )
    if settings.sms_log is None and instance_path:
        settings = replace(settings, sms_log=os.path.join(instance_path, "sms-outbox.jsonl"))
    return settings


def app_settings(app):
    """The settings of a Flask app (its instance folder holds the default SMS log)."""
    return notice_settings(app.config, instance_path=app.instance_path)


def app_clock(app):
    """The clock the worker reads: the app's `CLOCK` (a fake in tests) or the system's."""
    return app.config.get("CLOCK") or system_now
