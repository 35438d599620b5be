"""The one way the app sends email: templates/emails/<name>.subject.txt, .txt and .html.

`build_message` renders one message; `send_batch` sends many over one SMTP connection per
EMAIL_BATCH_SIZE messages. Only the outbox (`outbox.services`) sends: it claims, retries and records;
the apps' `emails` modules call `build_message` to write each kind at send time.
"""

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string


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
    subject = " ".join(render_to_string(f"emails/{name}.subject.txt", ctx).split())
    message = mail.EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{name}.txt", ctx),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to] if isinstance(to, str) else list(to),
        headers=headers or {},
        reply_to=reply_to,
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", ctx), "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def send_batch(messages, *, batch_size=None, on_sent=None):
    """Send messages, one connection per batch. Returns how many were sent; raises on SMTP failure.

    on_sent(message) is called as soon as the server accepted each message, so a caller that
    records deliveries knows exactly which went before a failure part-way through a batch.
    """
    batch_size = batch_size or settings.EMAIL_BATCH_SIZE
    messages = list(messages)
    sent = 0
    for start in range(0, len(messages), batch_size):
        with mail.get_connection(fail_silently=False) as connection:
            for message in messages[start : start + batch_size]:
                # One message per call on the open connection: the connection stays open between calls.
                if connection.send_messages([message]):
                    sent += 1
                    if on_sent is not None:
                        on_sent(message)
    return sent
