"""Membership tasks. Membership emails go through the outbox (see members.emails)."""

from celery import shared_task


@shared_task
def anonymise_former_members():
    """Daily: anonymise former members whose retention period has ended (see members.data_protection)."""
    from .data_protection import anonymise_due_people

    return anonymise_due_people()
