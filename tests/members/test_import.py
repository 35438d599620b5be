"""CSV import: a dry run reports every bad row by line and imports nothing until the file is clean."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members import imports
from members.models import Organisation, Person
from tests.members.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE_URL = reverse("members:people_import")
ORGANISATIONS_URL = reverse("members:organisations_import")


def _csv(text, name="people.csv", content_type="text/csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type=content_type)


def test_a_clean_people_file_is_checked_then_imported_on_confirm(admin_client):
    OrganisationFactory(name="Northport College")
    text = "name,email,organisation,role,deputy_for_email,term_start\n" + (
        "Priya Raman,priya@example.org,Northport College,Representative,,2025-09-01\n"
        "Leon Fraser,leon@example.org,Northport College,Deputy,priya@example.org,01/09/2025\n"
    )
    response = admin_client.post(PEOPLE_URL, {"file": _csv(text)})
    assert "The file is ready" in response.content.decode()
    assert not Person.objects.filter(email__in=["priya@example.org", "leon@example.org"]).exists()
    response = admin_client.post(PEOPLE_URL, {"action": "confirm"})
    assert response.status_code == 302
    assert Person.objects.get(email="leon@example.org").deputy_for.email == "priya@example.org"


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(admin_client):
    PersonFactory(name="Dr Helen Carter", role="chair")
    OrganisationFactory(name="Northport College")
    text = (
        "name,email,organisation,role,term_start,term_end\n"
        "Good Person,good@example.org,Northport College,Representative,2025-01-01,\n"
        "Bad Email,not-an-email,Northport College,Representative,2025-01-01,\n"
        "Bad Dates,dates@example.org,Northport College,Representative,2025-06-01,2025-01-01\n"
        "No Org,noorg@example.org,Nowhere School,Representative,2025-01-01,\n"
        "Second Chair,chair@example.org,,Chair,2025-01-01,\n"
        "Odd Role,odd@example.org,,Boss,2025-01-01,\n"
    )
    response = admin_client.post(PEOPLE_URL, {"file": _csv(text)})
    page = response.content.decode()
    assert "Nothing has been imported" in page
    report = imports.people_import(text, dry_run=True)
    lines = {line for line, _ in report.errors}
    assert lines == {3, 4, 5, 6, 7}
    messages = " ".join(message for _, message in report.errors)
    assert "Enter a valid email address." in messages
    assert "The end of the term must be on or after its start." in messages
    assert "Unknown organisation 'Nowhere School'" in messages
    assert "Dr Helen Carter is already the chair" in messages
    assert "Unknown role 'Boss'" in messages
    assert not Person.objects.filter(email="good@example.org").exists()
    # Nothing can be confirmed from a file with problems.
    admin_client.post(PEOPLE_URL, {"action": "confirm"})
    assert not Person.objects.filter(email="good@example.org").exists()


def test_a_duplicate_email_within_the_file_is_reported():
    text = "name,email\nA One,same@example.org\nA Two,same@example.org\n"
    report = imports.people_import(text, dry_run=True)
    assert report.errors == [(3, "Email: same@example.org already belongs to a current member, A One.")]


def test_organisations_import_rejects_an_unknown_sector_and_defaults_the_duty(admin_client):
    bad = "name,sector\nRiverside Primary,Primary school\nSomewhere,Spaceport\n"
    report = imports.organisations_import(bad, dry_run=False)
    assert report.errors[0][0] == 3
    assert "Unknown sector 'Spaceport'" in report.errors[0][1]
    assert not Organisation.objects.filter(name="Riverside Primary").exists()
    good = "name,sector,has_prevent_duty\nRiverside Primary,Primary school,\nMosque Trust,faith,yes\n"
    admin_client.post(ORGANISATIONS_URL, {"file": _csv(good, "orgs.csv")})
    admin_client.post(ORGANISATIONS_URL, {"action": "confirm"})
    assert Organisation.objects.get(name="Riverside Primary").has_prevent_duty
    assert Organisation.objects.get(name="Mosque Trust").has_prevent_duty


def test_a_header_with_unknown_or_missing_columns_is_reported():
    report = imports.people_import("fullname,mail\nA,b@example.org\n", dry_run=True)
    assert report.errors[0][0] == 1
    assert "missing column(s): email, name" in report.errors[0][1]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_csv("x", name="people.xlsx"), "The file must be a CSV file"),
        (_csv("x", content_type="application/pdf"), "The file must be a CSV file"),
        (SimpleUploadedFile("people.csv", b"\xff\xfe\x00bad", content_type="text/csv"), "UTF-8"),
    ],
)
def test_only_a_text_csv_file_is_accepted(admin_client, upload, message):
    response = admin_client.post(PEOPLE_URL, {"file": upload})
    assert message in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(admin_client, settings):
    settings.MEMBERS_IMPORT_MAX_BYTES = 100
    response = admin_client.post(PEOPLE_URL, {"file": _csv("name,email\n" + "A,a@example.org\n" * 20)})
    assert "The file must be smaller than" in response.content.decode()


def test_an_exported_people_file_imports_back_unchanged(admin_client):
    college = OrganisationFactory(name="Northport College")
    lead = PersonFactory(name="Priya Raman", email="priya@example.org", organisation=college, job_title="Head")
    PersonFactory(name="Leon Fraser", email="leon@example.org", organisation=college, role="deputy", deputy_for=lead)
    exported = b"".join(admin_client.get(reverse("members:people_export"), {"q": ""}).streaming_content).decode()
    exported = exported.lstrip("\ufeff")
    assert exported.splitlines()[0].startswith("Name,Job title,Email")
    ours = ("Name,", "Leon Fraser,", "Priya Raman,")
    wanted = "\n".join(line for line in exported.splitlines() if line.startswith(ours))
    Person.objects.filter(email="leon@example.org").delete()
    Person.objects.filter(email="priya@example.org").delete()

    response = admin_client.post(PEOPLE_URL, {"file": _csv(wanted + "\n")})
    assert "The file is ready" in response.content.decode(), response.content.decode()
    admin_client.post(PEOPLE_URL, {"action": "confirm"})
    leon = Person.objects.get(email="leon@example.org")
    assert (leon.role, leon.deputy_for.email, leon.organisation) == ("deputy", "priya@example.org", college)
    assert Person.objects.get(email="priya@example.org").job_title == "Head"


def test_an_exported_organisations_file_imports_back(admin_client):
    OrganisationFactory(name="Northport College", sector="further_education")
    exported = b"".join(admin_client.get(reverse("members:organisations_export")).streaming_content).decode()
    exported = exported.lstrip("\ufeff")
    assert "Current members" in exported.splitlines()[0]
    Organisation.objects.filter(name="Northport College").delete()
    lines = [line for line in exported.splitlines() if line.startswith(("Name,", "Northport College"))]
    response = admin_client.post(ORGANISATIONS_URL, {"file": _csv("\n".join(lines) + "\n", name="orgs.csv")})
    assert "The file is ready" in response.content.decode(), response.content.decode()


def test_one_row_is_one_person_not_one_people(admin_client):
    response = admin_client.post(PEOPLE_URL, {"file": _csv("name,email\nPriya Raman,priya@example.org\n")})
    page = response.content.decode()
    assert "Import 1 person</button>" in page
    assert "1 people" not in page
    response = admin_client.post(PEOPLE_URL, {"action": "confirm"}, follow=True)
    assert "Imported 1 person." in response.content.decode()


def test_an_export_read_back_unchanged_imports_nothing_twice_and_says_so(admin_client):
    OrganisationFactory(name="Northport College")
    PersonFactory(name="Priya Raman", email="priya@example.org")
    exported = b"".join(admin_client.get(reverse("members:people_export")).streaming_content).decode().lstrip("\ufeff")
    page = admin_client.post(PEOPLE_URL, {"file": _csv(exported)}).content.decode()
    assert "The file is ready" in page and "already in the partnership" in page
    before = Person.objects.count()
    response = admin_client.post(PEOPLE_URL, {"action": "confirm"}, follow=True)
    assert Person.objects.count() == before
    assert "Imported 0 people" in response.content.decode()


def test_a_row_for_a_current_member_is_left_as_it_is_without_checking_the_rest_of_it(django_assert_num_queries):
    PersonFactory(name="Priya Raman", email="priya@example.org")
    text = "name,email,organisation,deputy_for_email\nPriya Raman,PRIYA@example.org,Nowhere,nobody@example.org\n"
    # The held organisations and members, then the savepoints of the run and of the row: no lookup for the row.
    with django_assert_num_queries(7):
        report = imports.people_import(text, dry_run=True)
    assert (report.ok, report.skipped, report.new_rows) == (True, 1, 0)


def test_a_template_with_the_headings_can_be_downloaded(admin_client):
    response = admin_client.get(reverse("members:people_import_template"))
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    assert text.splitlines() == [
        "Name,Email,Job title,Phone,Organisation,Role,Deputy for email,Term start,Term end,Status"
    ]
    assert "Download a template (CSV)" in admin_client.get(PEOPLE_URL).content.decode()
