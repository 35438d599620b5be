"""The demo partnership (`manage.py load_demo`), loaded once per test session and put back for each test that asks.

Loading the demo takes seconds (it renders PDF papers with WeasyPrint, and hashes a password per account). The
browser tests that use it are transactional: each runs against committed rows, and pytest-django empties every table
after it. So the session loads the demo once, copies every table's rows into a schema of their own in the test
database (`demo_snapshot`, outside the search path, so Django's flush and introspection never see it), and empties
the tables again; each test's `demo_data` copies the rows back in one transaction (PostgreSQL checks Django's foreign
keys at commit) and moves each sequence past the highest id. The files the demo writes stay in the session's
MEDIA_ROOT (tests/conftest.py).
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings

SCHEMA = "demo_snapshot"


def _tables():
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _empty_every_table():
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)


def take():
    """Load the demo into the (empty or freshly migrated) test database, keep a copy of its rows, empty the tables.

    Returns the tables that have rows in the demo, which `restore` fills again."""
    with override_settings(DEBUG=True), open("/dev/null", "w") as quiet:  # load_demo refuses to run with DEBUG off
        call_command("load_demo", stdout=quiet)
    quote = connection.ops.quote_name
    filled = []
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SCHEMA}")
        for table in _tables():
            cursor.execute(f"CREATE TABLE {SCHEMA}.{quote(table)} AS TABLE {quote(table)}")
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {SCHEMA}.{quote(table)})")  # noqa: S608 - Django's tables
            if cursor.fetchone()[0]:
                filled.append(table)
    # As a transactional test leaves it: every table empty.
    _empty_every_table()
    return filled


def restore(filled):
    """Put the demo's rows back, as `load_demo` left them, into a database whose tables are empty."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # A data migration's rows may still be there if no transactional test has run yet: start from empty.
        cursor.execute("TRUNCATE " + ", ".join(quote(table) for table in _tables()))
        for table in filled:
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {SCHEMA}.{quote(table)}")  # noqa: S608
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
