import json

import pytest
from celery import current_app


@pytest.mark.django_db
def test_healthz_is_200_when_database_broker_cache_and_storage_answer(client, settings):
    assert settings.REDIS_URL, "make test runs the suite against a real Redis"
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 200
    checks = {"database": "ok", "broker": "ok", "cache": "ok", "storage": "ok"}
    assert body == {"status": "ok", "checks": checks, "down": []}


@pytest.mark.django_db
def test_healthz_is_503_naming_the_broker_when_it_is_down(client):
    real_url = current_app.conf.broker_url
    current_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        current_app.conf.broker_url = real_url
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["down"] == ["broker"]
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
