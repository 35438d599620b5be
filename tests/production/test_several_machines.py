"""Two of every process, no shared disk: two gunicorn "hosts" and two Celery workers, each with a working folder of
its own (VAR_DIR, MEDIA_ROOT, TMPDIR), against one PostgreSQL, one Redis and one bucket (moto's S3 server), as the
README's "Production" section says to run the app on several machines. Started once for the module; the four
tests run in order (publish, kill a worker, beat, then sessions and limits).
"""

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

import environ
import psycopg2
import pytest
import redis

from tests.realworld import wait_until

from .conftest import ROOT, Client, csrf_token, finish, free_port, gunicorn_command, sign_in, start, stop
from .test_production import log_tail

pytestmark = pytest.mark.production
# Redis database of the two hosts' cache and broker: apart from the suite's (0), production's (7) and xdist's (8+).
REDIS_DB = 6
RECEIVED = re.compile(r"Task meetings\.tasks\.render_agenda_pack\[[^\]]+\] received")
SUCCEEDED = re.compile(r"Task meetings\.tasks\.render_agenda_pack\[[^\]]+\] succeeded")


def _start(args, env, log_path):
    """In a session of its own, so that killing its process group kills a whole "machine" and nothing else."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    process.stop_signal = signal.SIGTERM
    process.log = log_path
    process.args_text = " ".join(map(str, args))
    return process


def _worker(env, folder):
    command = [sys.executable, "-m", "celery", "-A", "partnership", "worker", "--pool=prefork", "--concurrency=1"]
    command += ["--without-mingle", "--without-gossip", "-n", f"{folder.name}@%h", "-l", "info"]
    return _start(command, env, folder / "worker.log")


def _beat(env, folder):
    command = [sys.executable, "-m", "celery", "-A", "partnership", "beat", "-l", "info"]
    return _start(command, env, folder / "beat.log")


def _own_folder(work, name, env):
    """A machine's working folder: what it writes locally stays there, and nothing of the app's files may."""
    folder = work / name
    (folder / "tmp").mkdir(parents=True)
    local = {
        "VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "TMPDIR": str(folder / "tmp"),
        "HOME": str(folder),
    }
    return folder, {**env, **local}


@pytest.fixture(scope="module")
def cluster(production, object_store, tmp_path_factory):
    work = tmp_path_factory.mktemp("cluster")
    bucket = object_store.new_bucket()
    database = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    name = f"cluster_{secrets.token_hex(4)}"
    maintenance = psycopg2.connect(
        dbname=database["NAME"], user=database["USER"], host=database["HOST"], port=database["PORT"]
    )
    maintenance.autocommit = True
    with maintenance.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    redis_url = urllib.parse.urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{REDIS_DB}").geturl()
    redis.Redis.from_url(redis_url).flushdb()
    shared = {
        **production.env,  # DEBUG off, its SECRET_KEY and the static files production collected
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{name}",
        "REDIS_URL": redis_url,
        **object_store.environment(bucket),
        # A machine that dies mid-render: its render is queued again once it has been "being prepared" this long.
        "PDF_STUCK_AFTER_SECONDS": "30",  # four times the scenario pack's render on a busy machine (7 s)
        "PDF_SWEEP_SECONDS": "3",
        "BEAT_LOCK_SECONDS": "6",
        "EMAIL_URL": "consolemail://",
    }
    processes = []
    try:
        setup, setup_env = _own_folder(work, "setup", shared)
        finish(start([sys.executable, "manage.py", "migrate", "--no-input"], setup_env, setup / "migrate.log"))
        seed_path, scenario_path = setup / "seed.json", setup / "scenario.json"
        finish(start([sys.executable, "-m", "tests.production.seed", str(seed_path)], setup_env, setup / "seed.log"))
        finish(
            start(
                [sys.executable, "-m", "tests.production.cluster_seed", str(seed_path), str(scenario_path)],
                setup_env,
                setup / "cluster_seed.log",
            )
        )
        hosts, workers, folders = {}, {}, {}
        for host in ("host_a", "host_b"):
            folders[host], env = _own_folder(work, host, shared)
            port = free_port()
            server = start(gunicorn_command(port), env, folders[host] / "gunicorn.log", stop_signal=signal.SIGINT)
            processes.append(server)
            hosts[host] = SimpleNamespace(port=port, log=server.log, process=server)
        for worker in ("worker_a", "worker_b"):
            folders[worker], env = _own_folder(work, worker, shared)
            workers[worker] = _worker(env, folders[worker])
            processes.append(workers[worker])
        for worker in workers.values():
            ready = wait_until(lambda w=worker: " ready." in w.log.read_text(), timeout=300, interval=0.5)
            assert ready, f"a worker did not start:\n{worker.log.read_text()[-3000:]}"
        folders["beat_1"], env = _own_folder(work, "beat_1", shared)
        beats = {"beat_1": _beat(env, folders["beat_1"])}
        processes.append(beats["beat_1"])
        seed = json.loads(seed_path.read_text())
        for host in hosts.values():
            host.seed = seed
            healthy = wait_until(lambda h=host: _answers(h), timeout=90, interval=0.3)
            assert healthy, f"a host did not answer /healthz with 200:\n{host.log.read_text()[-3000:]}"
        yield SimpleNamespace(
            hosts=hosts,
            workers=workers,
            beats=beats,
            folders=folders,
            seed=seed,
            scenario=json.loads(scenario_path.read_text()),
            shared=shared,
            work=work,
            bucket=bucket,
            store=object_store,
            database=f"dbname={name} user={database['USER']} host={database['HOST']} port={database['PORT']}",
            processes=processes,
        )
    finally:
        for process in processes:
            _stop_all(process)
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.close()
        redis.Redis.from_url(redis_url).flushdb()


def _answers(host):
    try:
        return Client(host.port).get("/healthz").status == 200
    except OSError:
        return False


def _stop_all(process):
    if process.poll() is None:
        stop(process)


def _packs(cluster):
    with psycopg2.connect(cluster.database) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, id, state, filename, file, requeued FROM meetings_generatedpdf "
            "WHERE meeting_id = %s AND minutes_version_id IS NULL ORDER BY kind",
            [cluster.scenario["meeting"]],
        )
        return {kind: SimpleNamespace(id=i, state=s, filename=f, key=k, requeued=r) for kind, i, s, f, k, r in cursor}


def _all_ready(cluster):
    packs = _packs(cluster)
    return len(packs) == 2 and {pack.state for pack in packs.values()} == {"ready"}


def _count(process, text):
    log = process.log.read_text()
    return len(text.findall(log)) if isinstance(text, re.Pattern) else log.count(text)


def test_an_agenda_published_on_host_a_is_rendered_by_a_worker_and_its_pack_downloaded_from_host_b(cluster):
    admin = sign_in(cluster.hosts["host_a"], "admin")
    publish_url = cluster.scenario["publish_url"]
    form = admin.get(publish_url)
    version = re.search(r'name="version" value="(\d+)"', form.body.decode()).group(1)
    published = admin.post(publish_url, {"version": version, "csrfmiddlewaretoken": csrf_token(form)})
    assert published.status == 302, published.body.decode()[:2000]

    assert wait_until(lambda: _all_ready(cluster), timeout=300, interval=0.5), _logs(cluster)
    rendered_by = [name for name, worker in cluster.workers.items() if SUCCEEDED.search(worker.log.read_text())]
    assert len(rendered_by) >= 1, _logs(cluster)

    partner = sign_in(cluster.hosts["host_b"], "partner_a")
    page = partner.get(cluster.scenario["meeting_url"])
    assert page.status == 200
    full = _packs(cluster)["agenda_pack"]
    download = partner.get(f"/meetings/pdfs/{full.id}/{full.filename}")
    assert download.status == 200
    assert download.getheader("Content-Type") == "application/pdf"
    stored = cluster.store.client().get_object(Bucket=cluster.bucket, Key=full.key)["Body"].read()
    assert download.body == stored
    assert download.body.startswith(b"%PDF-")
    # The paper uploaded and both packs are in the bucket; no machine kept an app file on its own disk.
    keys = cluster.store.keys(cluster.bucket)
    assert cluster.scenario["paper_key"] in keys
    assert {pack.key for pack in _packs(cluster).values()} <= set(keys)
    assert not [p for folder in cluster.folders.values() for p in (folder / "media").rglob("*") if p.is_file()]


def test_a_worker_killed_mid_render_leaves_the_job_to_the_other(cluster):
    admin = sign_in(cluster.hosts["host_b"], "admin")
    page = admin.get(cluster.scenario["meeting_url"])
    before = {name: _count(worker, RECEIVED) for name, worker in cluster.workers.items()}
    asked = admin.post(
        f"/meetings/{cluster.scenario['meeting']}/agenda-pack/", {"csrfmiddlewaretoken": csrf_token(page)}
    )
    assert asked.status == 302
    taken = wait_until(
        lambda: [name for name, worker in cluster.workers.items() if _count(worker, RECEIVED) > before[name]],
        timeout=60,
    )
    assert len(taken) == 1, _logs(cluster)
    killed, other = taken[0], next(name for name in cluster.workers if name != taken[0])
    time.sleep(0.5)
    assert {pack.state for pack in _packs(cluster).values()} == {"preparing"}, "rendered before it could be killed"
    # The machine dies: the worker and its pool child at once, nothing acknowledged, nothing handed back.
    os.killpg(cluster.workers[killed].pid, signal.SIGKILL)
    cluster.workers[killed].wait(timeout=10)
    succeeded_before = len(SUCCEEDED.findall(cluster.workers[other].log.read_text()))

    # The beat's sweep queues the stuck render again; the other worker renders it.
    assert wait_until(lambda: _all_ready(cluster), timeout=300, interval=0.5), _logs(cluster)
    assert len(SUCCEEDED.findall(cluster.workers[other].log.read_text())) > succeeded_before
    assert {pack.requeued for pack in _packs(cluster).values()} == {1}


def test_one_beat_sends_the_timed_tasks_and_a_second_stands_by_until_the_first_is_gone(cluster):
    first = cluster.beats["beat_1"]
    assert "holds the scheduler lock" in first.log.read_text(), first.log.read_text()
    folder, env = _own_folder(cluster.work, "beat_2", cluster.shared)
    second = _beat(env, folder)
    cluster.processes.append(second)
    assert wait_until(lambda: "stands by" in second.log.read_text(), timeout=120), second.log.read_text()
    sent_by_first = _count(first, "Sending due task requeue-stuck-pdfs")
    time.sleep(8)  # the sweep is due every 3 seconds: the first sends it, the second never does
    assert _count(first, "Sending due task requeue-stuck-pdfs") > sent_by_first
    assert "Sending due task" not in second.log.read_text()

    os.killpg(first.pid, signal.SIGKILL)  # its machine dies: the lock is no longer renewed and expires
    assert wait_until(lambda: "Sending due task" in second.log.read_text(), timeout=120), second.log.read_text()
    assert "holds the scheduler lock" in second.log.read_text()


def test_sessions_lock_outs_and_rate_limits_hold_across_hosts(cluster):
    host_a, host_b = cluster.hosts["host_a"], cluster.hosts["host_b"]
    seed = cluster.seed
    cell = next(c for c in seed["cells"] if c["expected"]["partner_b"] == 200 and c["expected"]["anonymous"] != 200)
    # A session begun on host A is good on host B.
    signed_in = sign_in(host_a, "partner_b")
    on_b = Client(host_b.port)
    on_b.cookies = dict(signed_in.cookies)
    assert on_b.get(cell["url"]).status == 200
    assert Client(host_b.port).get(cell["url"]).status == 302

    # Failed sign-ins counted on both hosts lock the account out on both.
    email = seed["emails"]["partner_b"]
    for attempt in range(5):
        client = Client((host_a, host_b)[attempt % 2].port)
        form = client.get(seed["login_url"])
        wrong = {"username": email, "password": "not-the-password", "csrfmiddlewaretoken": csrf_token(form)}
        assert client.post(seed["login_url"], wrong).status in (200, 403, 429)
    client = Client(host_b.port)
    form = client.get(seed["login_url"])
    right = {"username": email, "password": seed["password"], "csrfmiddlewaretoken": csrf_token(form)}
    assert client.post(seed["login_url"], right).status in (403, 429), "locked out on host B too"

    # Applications to join from one address count together, whichever host takes them.
    answers = []
    for number in range(6):
        client = Client((host_a, host_b)[number % 2].port)
        form = client.get("/members/join/")
        application = {**_application(number), "csrfmiddlewaretoken": csrf_token(form)}
        answers.append(client.post("/members/join/", application).status)
    assert answers == [302] * 5 + [429]


def _application(number):
    return {
        "name": "Amina Warsame",
        "email": f"amina.{number}@example.org",
        "phone": "",
        "job_title": "Coordinator",
        "kind": "organisation",
        "organisation_name": "Northport Somali Women's Network",
        "sector": "voluntary_community",
        "reason": "To make sure women's voices are heard.",
        "consent": "on",
        "website": "",
    }


def _logs(cluster):
    parts = []
    for name, process in {**cluster.workers, **cluster.beats}.items():
        parts.append(f"--- {name} ---\n" + "\n".join(Path(process.log).read_text().splitlines()[-30:]))
    for name, host in cluster.hosts.items():
        parts.append(f"--- {name} ---\n" + log_tail(host, 20))
    return "\n".join(parts)
