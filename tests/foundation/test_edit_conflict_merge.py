"""The conflict page is clear and safe: the second editor sees what the first changed, keeps their own input, and
saving again never puts back a stale value for a field they did not touch."""

import re

import pytest
from django.urls import reverse

from members.models import Person
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _form_data(page):
    """The edit form as the browser would post it unchanged: every named input, textarea and select in <main>."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    form = max(re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", main, re.S), key=len)
    data = {}
    for tag in re.findall(r"<input\b[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        if ('type="radio"' in tag or 'type="checkbox"' in tag) and "checked" not in tag:
            continue
        data[name.group(1)] = _unescape(value.group(1) if value else "")
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = _unescape(text.lstrip("\n"))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen.group(1) if chosen else ""
    return data


def _unescape(text):
    return (
        text.replace("&#x27;", "'")
        .replace("&quot;", '"')
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


@pytest.fixture
def person():
    return PersonFactory(
        name="Priya Raman", job_title="Head of safeguarding", phone="01632 960000", organisation=OrganisationFactory()
    )


def test_a_field_only_the_other_editor_changed_takes_their_value_and_is_not_put_back(admin_client, person):
    url = reverse("members:person_edit", args=[person.pk])
    mine = _form_data(admin_client.get(url).content.decode())  # the second editor opens the form
    # Meanwhile the first editor saves a new job title.
    Person.objects.filter(pk=person.pk).update(job_title="Designated safeguarding lead", version=person.version + 1)

    mine["phone"] = "01632 960999"  # the second editor changes only the phone
    page = admin_client.post(url, mine).content.decode()
    assert "Someone else saved this record" in page
    assert "Designated safeguarding lead" in page and "Their value is now in the form" in page
    shown = _form_data(page)
    assert shown["job_title"] == "Designated safeguarding lead"  # theirs, not the stale "Head of safeguarding"
    assert shown["phone"] == "01632 960999"  # the second editor's input kept

    response = admin_client.post(url, shown)  # saving the form as shown
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.job_title, person.phone) == ("Designated safeguarding lead", "01632 960999")


def test_a_field_both_changed_keeps_the_second_editors_input_and_says_so(admin_client, person):
    url = reverse("members:person_edit", args=[person.pk])
    mine = _form_data(admin_client.get(url).content.decode())
    Person.objects.filter(pk=person.pk).update(job_title="Prevent lead", version=person.version + 1)
    mine["job_title"] = "Safeguarding manager"
    page = admin_client.post(url, mine).content.decode()
    assert "You both changed it: your value is kept in the form" in page
    assert _form_data(page)["job_title"] == "Safeguarding manager"
    person.refresh_from_db()
    assert person.job_title == "Prevent lead"  # nothing saved until the second editor saves again


def test_a_tampered_original_keeps_the_second_editors_input(admin_client, person):
    url = reverse("members:person_edit", args=[person.pk])
    mine = _form_data(admin_client.get(url).content.decode())
    Person.objects.filter(pk=person.pk).update(job_title="Prevent lead", version=person.version + 1)
    mine["original"] = "not-signed"
    page = admin_client.post(url, mine).content.decode()
    assert _form_data(page)["job_title"] == "Head of safeguarding"
    assert "your value is kept in the form" in page


def test_text_sent_back_with_browser_line_breaks_counts_as_unchanged(admin_client):
    from members.models import Organisation

    organisation = OrganisationFactory(address="1 High Street\nNorthport", website="https://old.example.org")
    url = reverse("members:organisation_edit", args=[organisation.pk])
    mine = _form_data(admin_client.get(url).content.decode())
    mine["address"] = mine["address"].replace("\n", "\r\n")  # as a browser posts a textarea
    Organisation.objects.filter(pk=organisation.pk).update(
        address="2 Quay Road\nNorthport", version=organisation.version + 1
    )
    page = admin_client.post(url, mine).content.decode()
    assert _form_data(page)["address"] == "2 Quay Road\nNorthport"
    assert "You both changed it" not in page
