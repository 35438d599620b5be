"""Stamps: one value per app in the shared cache, replaced whenever that app's data is written.

Cached pages and panels put the stamps of the apps they read into their cache keys, so a write
retires them at once, in every process that shares the cache. Writes reach here three ways:
post_save, post_delete and m2m_changed (connected in members.apps), and `StampedQuerySet` for the
bulk writes that send no signals (update, bulk_create, bulk_update). Raw SQL is not seen; the
caches' timeouts bound that.

A stamp is replaced when the write happens and again when its transaction commits: the first
makes the write visible to the writer at once, the second retires anything another request cached
from the old data in between.
"""

import uuid

from django.core.cache import cache
from django.db import models, transaction

APPS = ("members", "meetings", "actionplans")


def _key(label):
    return f"stamp:{label}"


def bump(label):
    cache.set(_key(label), uuid.uuid4().hex, None)


def _bump_now_and_on_commit(label):
    if label in APPS:
        bump(label)
        transaction.on_commit(lambda: bump(label))


def current(labels):
    """The stamps of these apps, in order ("-" for an app never written since the cache was emptied)."""
    found = cache.get_many([_key(label) for label in labels])
    return [found.get(_key(label), "-") for label in labels]


def data_changed(sender, **kwargs):
    """Receiver for post_save, post_delete and m2m_changed."""
    _bump_now_and_on_commit(sender._meta.app_label)


class StampedQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes replace the app's stamp, as saves and deletes do through signals."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        _bump_now_and_on_commit(self.model._meta.app_label)
        return rows

    def bulk_create(self, *args, **kwargs):
        created = super().bulk_create(*args, **kwargs)
        _bump_now_and_on_commit(self.model._meta.app_label)
        return created

    def bulk_update(self, *args, **kwargs):
        rows = super().bulk_update(*args, **kwargs)
        _bump_now_and_on_commit(self.model._meta.app_label)
        return rows
