"""E-mail over SMTP (stdlib `smtplib`): one connection kept open across a batch of notices.

`build_message` makes the e-mail of a notice; its `Message-ID` is made from the notice's id,
so a notice sent again after an unknown outcome (the relay may have accepted it before the
connection broke) carries the same Message-ID as the first try and can be told apart from a
new notice by anyone reading the mailbox. `SmtpMailer.send` returns only once the relay has
accepted the message (`250` after DATA) and raises `SendFailed` otherwise; a connection the
relay closed, or one in an unknown state after an error, is dropped and opened again on the
next send.

    >>> from server.notices.messages import Rendered
    >>> message = build_message("0190-abc", "Verifield <n@example.org>", "a@example.org", "en",
    ...                         Rendered("Hello", "Body\\n", "sms"))
    >>> message["Message-ID"], message["Content-Language"]
    ('<notice-0190-abc@example.org>', 'en')
    >>> message_id("0190-abc", "notices@example.org") == message["Message-ID"]
    True
"""

import contextlib
import smtplib
import ssl
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr


class SendFailed(Exception):
    """The relay did not accept a message; `permanent` when trying again cannot help (the
    recipient was refused with a 5xx code). Anything else is retried: a relay that answers
    5xx to everything is more often misconfigured than right."""

    def __init__(self, reason, *, permanent=False):
        super().__init__(reason)
        self.permanent = permanent


def message_id(notice_id, mail_from):
    """The Message-ID of a notice: the same on every try."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "verifield.invalid"
    return f"<notice-{notice_id}@{domain}>"


def _one_line(text):
    return " ".join(text.split())


def build_message(notice_id, mail_from, to, language, rendered):
    """The e-mail of a notice: plain text in UTF-8, the subject encoded (RFC 2047) when it is
    not ASCII. (The legacy `MIMEText` builds one thirty times faster than `EmailMessage`, whose
    header parsing we do not need: every header value here is one line we made.)"""
    message = MIMEText(rendered.body, "plain", "utf-8")
    message["Message-ID"] = message_id(notice_id, mail_from)
    message["Date"] = formatdate(localtime=False)
    message["From"] = formataddr(parseaddr(mail_from), charset="utf-8")
    message["To"] = _one_line(to)
    message["Subject"] = Header(_one_line(rendered.subject), "utf-8")
    message["Content-Language"] = language.replace("_", "-")
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
    return message


class SmtpMailer:
    """Sends e-mail through one SMTP relay, keeping the connection open between messages."""

    def __init__(self, settings):
        self.settings = settings
        self.connection = None

    def _connect(self):
        s = self.settings
        connection = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
        if s.smtp_starttls:
            connection.starttls(context=ssl.create_default_context())
        if s.smtp_username:
            connection.login(s.smtp_username, s.smtp_password or "")
        return connection

    def send(self, message):
        """Hand `message` to the relay; returns when it is accepted, raises `SendFailed`."""
        try:
            if self.connection is None:
                self.connection = self._connect()
            refused = self.connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            self._reset()
            codes = [code for code, _ in error.recipients.values()]
            permanent = all(500 <= code < 600 for code in codes)
            reason = f"recipient refused: {error.recipients}"
            raise SendFailed(reason, permanent=permanent) from error
        except smtplib.SMTPResponseException as error:
            self._drop()
            raise SendFailed(f"{error.smtp_code} {_text(error.smtp_error)}") from error
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise SendFailed(f"{type(error).__name__}: {error}") from error
        if refused:  # a single recipient: refused outright raises above; kept for safety
            raise SendFailed(f"recipient refused: {refused}", permanent=True)

    def _reset(self):
        try:
            self.connection.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self):
        """Forget the connection (its state is unknown after an error)."""
        connection, self.connection = self.connection, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()

    def close(self):
        """Say QUIT and close the connection, if one is open."""
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
