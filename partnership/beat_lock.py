"""One scheduler, however many machines start one: Celery beat holds a lock in the shared Redis while it runs.

Beat sends the timed tasks (the outbox sweep, the stuck-render sweep, the nightly jobs). Two beats would send each
twice. So `celery beat` takes the lock `partnership:beat` (SET NX with an expiry, BEAT_LOCK_SECONDS) before it
schedules anything and renews it while it runs; a second beat started anywhere waits on standby, saying so in its
log, and takes over only when the first has stopped renewing (its machine died): at most one sends at any time.
The quick start, with no Redis, runs one beat beside the app and takes no lock.
"""

import logging
import os
import secrets
import socket
import threading
import time

from celery.signals import beat_init

logger = logging.getLogger(__name__)
KEY = "partnership:beat"


def _seconds():
    return int(os.environ.get("BEAT_LOCK_SECONDS", "60"))


def _renew(client, token, seconds, stop):
    # Renewed three times per expiry; only while the lock is still this beat's.
    while not stop.wait(seconds / 3):
        if client.get(KEY) != token:
            logger.critical("The scheduler lock %s was lost: this beat stops", KEY)
            os._exit(1)
        client.expire(KEY, seconds)


@beat_init.connect
def hold_the_scheduler_lock(sender=None, **kwargs):
    from django.conf import settings

    if not settings.REDIS_URL:
        return
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    seconds = _seconds()
    token = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}".encode()
    told = False
    while not client.set(KEY, token, nx=True, ex=seconds):
        if not told:
            holder = (client.get(KEY) or b"?").decode()
            logger.warning("Another beat holds the scheduler lock (%s): this one stands by", holder)
            told = True
        time.sleep(min(5, seconds / 3))
    logger.warning("This beat holds the scheduler lock %s (%s)", KEY, token.decode())
    threading.Thread(target=_renew, args=(client, token, seconds, threading.Event()), daemon=True).start()
