import io

import pytest

from .factories import ActionFactory, PlanFactory, PriorityFactory


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def own_action(plan, partner_user):
    """An action led by partner_user's organisation."""
    return ActionFactory(priority=PriorityFactory(plan=plan), lead_organisation=partner_user.organisation)


@pytest.fixture
def other_action(plan, other_partner_user):
    return ActionFactory(priority=PriorityFactory(plan=plan), lead_organisation=other_partner_user.organisation)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def prepared_pdf(media, django_capture_on_commit_callbacks):
    """Ask for a PDF from its page's button, let the worker (eager here) render it, and download it: the response."""

    def prepare(client, prepare_url, download_url):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(prepare_url)
        return client.get(download_url)

    return prepare


def pdf_text(response):
    from pypdf import PdfReader

    content = b"".join(response.streaming_content)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
