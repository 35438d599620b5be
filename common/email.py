"""The one way the app sends email: templates/emails/<name>.subject.txt, .txt and .html.

`build_message` renders one message; a `Mailer` sends messages one by one over one connection and
says of each whether it went (the server's answer), did not (NotSent) or may have (MaybeSent). Only the
outbox (`outbox.services`) sends: it claims, records and retries each message on its own; the apps'
`emails` modules call `build_message` to write each kind at send time.
"""

import contextlib
import re
import smtplib

from django.conf import settings
from django.core import mail
from django.core.mail.backends import smtp
from django.core.mail.message import sanitize_address
from django.template import Context
from django.template.loader import get_template, render_to_string


def render_text(name, context):
    """A plain-text template rendered as text: nothing HTML-escaped (a title "Schools & colleges" stays so), and a
    part rendered once this way is dropped into another text template unescaped for the same reason."""
    template = get_template(name).template  # the engine's own Template, to render with autoescape off
    return template.render(Context(context, autoescape=False))


def _context(extra):
    return {
        "partnership_name": settings.PARTNERSHIP_NAME,
        "council_name": settings.COUNCIL_NAME,
        "site_url": settings.SITE_URL,
        **extra,
    }


def build_message(name, *, to, context=None, attachments=(), headers=None, reply_to=None):
    """An EmailMultiAlternatives with a plain-text body and an HTML alternative.

    attachments: (filename, content, mimetype) tuples, e.g. a calendar invitation.
    """
    ctx = _context(context or {})
    subject = " ".join(render_text(f"emails/{name}.subject.txt", ctx).split())
    message = mail.EmailMultiAlternatives(
        subject=subject,
        body=render_text(f"emails/{name}.txt", ctx),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        headers=headers or {},
        reply_to=reply_to,
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", ctx), "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


class NotSent(Exception):
    """The message did not go: the server refused it (`answer` holds its reply) or could not be reached.

    `connection_lost`: the connection is gone, so the messages after this one cannot go on it either.
    `permanent`: the server refused for good (a 5xx reply), so trying again would not help.
    """

    def __init__(self, error, *, answer="", connection_lost=False, permanent=False):
        super().__init__(str(error))
        self.error, self.answer, self.connection_lost, self.permanent = error, answer, connection_lost, permanent


class MaybeSent(Exception):
    """The message was handed to the server, but its answer never came: it may or may not have gone."""

    def __init__(self, error, *, answer=""):
        super().__init__(str(error))
        self.error, self.answer = error, answer


def _answer(code, text):
    return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}".strip()[:500]


class Mailer:
    """One connection, opened at the first message and reused for every message sent while it is open.

    `send(message)` sends one message and returns the server's answer ("250 2.0.0 Ok: queued as ..."), or
    raises NotSent (it did not go) or MaybeSent (handed over, answer lost). Over SMTP it speaks each step
    itself, so it knows which of the two happened; other backends (files in the quick start, memory in
    tests) send as Django does.
    """

    def __init__(self):
        self.connection = mail.get_connection(fail_silently=False)
        self._open = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._close()
        return False

    def _close(self):
        if self._open:
            self._open = False
            # A connection that already broke may fail to say goodbye: there is nothing left to do with it.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.close()

    def send(self, message):
        if not isinstance(self.connection, smtp.EmailBackend):
            try:
                self._ensure_open()
                self.connection.send_messages([message])
            except Exception as error:
                raise NotSent(error, connection_lost=True) from error
            return ""
        return self._send_smtp(message)

    def _ensure_open(self):
        if not self._open:
            self.connection.open()
            self._open = True

    def _send_smtp(self, message):
        encoding = message.encoding or settings.DEFAULT_CHARSET
        sender = sanitize_address(message.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in message.recipients()]
        data = message.message().as_bytes(linesep="\r\n")
        if not recipients:
            raise NotSent(ValueError("The message has no address to go to"), permanent=True)
        try:
            self._ensure_open()
            server = self.connection.connection
            server.ehlo_or_helo_if_needed()
            options = [f"SIZE={len(data)}"] if server.has_extn("size") else []
            code, text = server.mail(sender, options)
            if code != 250:
                server.rset()
                raise NotSent(
                    smtplib.SMTPSenderRefused(code, text, sender), answer=_answer(code, text), permanent=code >= 500
                )
            refused = {}
            for recipient in recipients:
                code, text = server.rcpt(recipient)
                if code not in (250, 251):
                    refused[recipient] = (code, text)
            if len(refused) == len(recipients):
                server.rset()
                code, text = next(iter(refused.values()))
                raise NotSent(smtplib.SMTPRecipientsRefused(refused), answer=_answer(code, text), permanent=code >= 500)
            server.putcmd("data")
            code, text = server.getreply()
            if code != 354:
                server.rset()
                raise NotSent(smtplib.SMTPDataError(code, text), answer=_answer(code, text), permanent=code >= 500)
        except NotSent:
            raise
        except (smtplib.SMTPException, OSError) as error:
            # Nothing was handed over yet: the message certainly did not go.
            self._close()
            raise NotSent(error, connection_lost=True) from error
        try:
            server.send(_data_block(data))
            code, text = server.getreply()
        except Exception as error:
            # The message went over the wire; whether the server took it, only it knows.
            self._close()
            raise MaybeSent(error) from error
        if code != 250:
            raise NotSent(smtplib.SMTPDataError(code, text), answer=_answer(code, text), permanent=code >= 500)
        return _answer(code, text)


def _data_block(data):
    """The message as the DATA command carries it: CRLF line ends, leading dots doubled, ended by a lone dot."""
    data = re.sub(rb"(?:\r\n|\n|\r(?!\n))", b"\r\n", data)
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"
