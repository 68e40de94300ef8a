"""Notices: the outbox's server side — the worker that sends them, its channels and messages.

`sync.server.notice_outbox` writes a notice in the transaction of the change that raises it
(every record write passes there, from the API and from a device's push); the scans here
(`scan`) raise the notices that time brings — re-verifications falling due, overdue jobs.
The worker (`worker`) claims ready notices with a lease, renders them (`messages`, in
Traditional Chinese or English) and sends them — e-mail over SMTP (`mail`), SMS through an
adapter (`sms`) — and records each as sent, or retries it with backoff, or records it as
failed. `running` starts it beside the HTTP server; `commands` are its CLI.
See docs/notices.md.
"""
