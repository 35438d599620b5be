"""`make bench`: python -m bench, run by scripts/with_services.sh (so DATABASE_URL and REDIS_URL are set).

Sets Django up, migrates the fresh database, then runs every module in this package that defines
`run(report)`, in the order of their `ORDER`. Each builds its own data and adds figures; the exit
status is non-zero when any figure is over its limit. `python -m bench pdf reminders` runs only those.
"""

import importlib
import logging
import os
import pkgutil
import sys
import time
from pathlib import Path


def _setup_django():
    bench_settings = importlib.util.find_spec("bench.settings") is not None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings" if bench_settings else "partnership.settings")
    if not os.environ.get("DATABASE_URL"):
        sys.exit("bench needs DATABASE_URL: run it as `make bench` (scripts/with_services.sh python -m bench)")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Measure production behaviour: no SQL logging, whatever DEBUG the environment had; quiet logs.
    settings.DEBUG = False
    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0, interactive=False)


# Helpers, not figures: never imported by the runner (wsgi would start an application).
NOT_FIGURES = {"figures", "settings", "urls", "wsgi", "floor"}


def _modules(only):
    package = Path(__file__).parent
    found = []
    for info in pkgutil.iter_modules([str(package)]):
        if info.name.startswith("_") or info.name in NOT_FIGURES or (only and info.name not in only):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if callable(getattr(module, "run", None)):
            found.append(module)
    return sorted(found, key=lambda module: (getattr(module, "ORDER", 100), module.__name__))


def main(argv):
    started = time.monotonic()
    _setup_django()
    from bench.figures import Report

    report = Report()
    for module in _modules(set(argv)):
        print(f"# {module.__name__}: {(module.__doc__ or '').strip().splitlines()[0]}", file=sys.stderr, flush=True)
        module.run(report)
    print(f"# {len(report.figures)} figures in {time.monotonic() - started:.0f} s", file=sys.stderr)
    if report.failed:
        print(f"# over the limit: {', '.join(f.name for f in report.failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
