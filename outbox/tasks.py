from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def send_due_emails():
    """Beat, every few minutes: the registered planners add rows for whatever is due, then the sending is queued.

    Sends whatever else is waiting in the outbox too (a retry whose task was lost, any app's email).
    """
    services.deliveries_expire_stuck()
    services.deliveries_plan()
    return services.deliveries_queue(services.deliveries_due_ids())


@shared_task(bind=True, ignore_result=True, max_retries=None)
def send_deliveries(self, ids):
    """Send these outbox rows (each claimed first, so a duplicate of this task sends nothing twice).

    On a mail server failure the unsent rows wait with exponential backoff; the database counts the
    attempts and fails a row for good after EMAIL_MAX_ATTEMPTS, so retrying here never loops forever.
    """
    try:
        return services.deliveries_send(ids).sent
    except services.DeliveryFailed as failure:
        if failure.retry_ids:
            raise self.retry(args=[failure.retry_ids], countdown=failure.retry_in, exc=failure) from failure
        return 0
