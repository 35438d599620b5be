"""CSV import: a dry run reports every bad row by line and imports nothing until the file is clean."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from members import imports, services
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
    assert "What the file will do" in response.content.decode()
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
    assert "What the file will do" in response.content.decode(), response.content.decode()
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
    assert "What the file will do" in response.content.decode(), response.content.decode()


def test_one_row_is_one_person_not_one_people(admin_client):
    response = admin_client.post(PEOPLE_URL, {"file": _csv("name,email\nPriya Raman,priya@example.org\n")})
    page = response.content.decode()
    assert "Create 1 person</button>" in page
    assert "1 people" not in page
    response = admin_client.post(PEOPLE_URL, {"action": "confirm"}, follow=True)
    assert "Imported 1 person." in response.content.decode()


def _export(client, url_name="members:people_export"):
    return b"".join(client.get(reverse(url_name)).streaming_content).decode().lstrip("\ufeff")


def test_an_export_read_back_unchanged_imports_nothing_twice_and_says_so(admin_client):
    OrganisationFactory(name="Northport College")
    PersonFactory(name="Priya Raman", email="priya@example.org")
    page = admin_client.post(PEOPLE_URL, {"file": _csv(_export(admin_client))}).content.decode()
    assert "Priya Raman" in page and "already up to date" in page
    assert "there is nothing to import" in page
    assert 'value="confirm"' not in page  # no button that would do nothing
    before = Person.objects.count()
    response = admin_client.post(PEOPLE_URL, {"action": "confirm"}, follow=True)
    assert Person.objects.count() == before
    assert "Upload the file again" in response.content.decode()


def test_an_export_read_back_does_not_duplicate_a_former_member(admin_client):
    morag = PersonFactory(name="Morag Stewart", email="morag.stewart@example.org", job_title="Imam")
    services.person_end_membership(person=morag, end_date=morag.term_start)
    PersonFactory(name="Priya Raman", email="priya@example.org")
    exported = _export(admin_client)
    assert "Morag Stewart" in exported and "Former" in exported
    report = imports.people_import(exported, dry_run=False)
    assert report.ok and not report.has_changes
    assert Person.objects.filter(email__iexact="morag.stewart@example.org").count() == 1
    skipped = {(outcome.name, outcome.action) for outcome in report.outcomes}
    assert ("Morag Stewart", "skip") in skipped


def test_a_former_member_who_came_back_round_trips_with_both_terms(admin_client):
    morag = PersonFactory(name="Morag Stewart", email="morag@example.org", term_start=datetime.date(2020, 4, 1))
    services.person_end_membership(person=morag, end_date=datetime.date(2022, 3, 31))
    text = "name,email,term_start,status\nMorag Stewart,morag@example.org,2025-04-01,Active\n"
    report = imports.people_import(text, dry_run=False)
    assert (report.created, report.updated) == (1, 0)  # her return: a new term, the old one kept as it was
    report = imports.people_import(_export(admin_client), dry_run=False)
    assert (report.ok, report.has_changes) == (True, False)
    assert Person.objects.filter(email="morag@example.org").count() == 2


def test_an_edited_row_updates_the_record_and_the_preview_says_who_and_what(admin_client):
    college = OrganisationFactory(name="Northport College")
    priya = PersonFactory(name="Priya Raman", email="priya@example.org", job_title="Head", organisation=college)
    PersonFactory(name="Tom Hughes", email="tom@example.org", organisation=college)
    exported = _export(admin_client).replace("Priya Raman,Head,", "Priya Raman,Principal,")
    exported += "Zara New,,zara@example.org,,Northport College,Representative,,2026-01-05,,Active\n"
    page = admin_client.post(PEOPLE_URL, {"file": _csv(exported)}).content.decode()
    assert "Import 1 person" not in page
    rows = [" ".join(row.split()) for row in page.split('<tr class="govuk-table__row">')[2:]]
    assert any("Priya Raman" in row and "Update" in row and "Job title: Head → Principal" in row for row in rows)
    assert any("Tom Hughes" in row and "Skip" in row for row in rows)
    assert any("Zara New" in row and "Create" in row for row in rows)
    assert "Create 1 person and update 1 person</button>" in page

    response = admin_client.post(PEOPLE_URL, {"action": "confirm"}, follow=True)
    # Tom and the signed-in admin's own record are as held.
    assert "Imported 1 person and updated 1 person. 2 rows already up to date were left as they were." in (
        response.content.decode()
    )
    priya.refresh_from_db()
    assert (priya.job_title, priya.version) == ("Principal", 2)
    assert Person.objects.filter(email="zara@example.org").count() == 1
    assert Person.objects.filter(email="priya@example.org").count() == 1


def test_a_bad_row_stops_the_updates_too():
    PersonFactory(name="Priya Raman", email="priya@example.org", job_title="Head")
    text = "name,email,job_title,role\nPriya Raman,priya@example.org,Principal,\nOdd Role,odd@example.org,,Boss\n"
    report = imports.people_import(text, dry_run=False)
    assert not report.imported and report.errors[0][0] == 3
    assert Person.objects.get(email="priya@example.org").job_title == "Head"


def test_a_record_changed_after_the_check_is_not_overwritten_by_the_confirmed_import(admin_client):
    priya = PersonFactory(name="Priya Raman", email="priya@example.org", job_title="Head")
    text = "name,email,job_title\nPriya Raman,priya@example.org,Principal\n"
    admin_client.post(PEOPLE_URL, {"file": _csv(text)})
    Person.objects.filter(pk=priya.pk).update(job_title="Principal")  # another admin, meanwhile
    page = admin_client.post(PEOPLE_URL, {"action": "confirm"}).content.decode()
    assert "The records changed after you checked the file, so nothing has been imported" in page
    assert "there is nothing to import" in page


def test_marking_a_current_member_former_in_the_file_ends_their_membership(admin_client, partner_user):
    person = partner_user.person
    exported = _export(admin_client)
    line = next(row for row in exported.splitlines() if person.email in row)
    edited = exported.splitlines()[0] + "\n" + line.replace(",Active", ",Former") + "\n"
    report = imports.people_import(edited, dry_run=False)
    assert report.imported and report.updated == 1
    person.refresh_from_db()
    partner_user.refresh_from_db()
    assert (person.status, person.term_end) == ("former", timezone.localdate())
    assert not partner_user.is_active  # as *End membership* closes it


def test_an_edited_organisation_row_updates_it():
    OrganisationFactory(name="Northport College", sector="further_education", website="")
    text = "name,sector,website\nNorthport College,Further education,https://college.example.org\n"
    report = imports.organisations_import(text, dry_run=False)
    assert report.imported and report.updated == 1
    assert report.outcomes[0].changes == [("Website", "(empty)", "https://college.example.org")]
    assert Organisation.objects.get(name="Northport College").website == "https://college.example.org"


def test_a_round_trip_reads_in_a_fixed_number_of_queries(django_assert_num_queries):
    for number in range(5):
        PersonFactory(name=f"Person {number}", email=f"p{number}@example.org")
    text = "name,email\n" + "".join(f"Person {number},p{number}@example.org\n" for number in range(5))
    # The organisations, the members, the run's savepoint (set, rolled back, released) and each row's: no lookup
    # per row.
    with django_assert_num_queries(2 + 3 + 2 * 5):
        report = imports.people_import(text, dry_run=True)
    assert (report.ok, report.skipped, report.created) == (True, 5, 0)


def test_a_template_with_the_headings_can_be_downloaded(admin_client):
    response = admin_client.get(reverse("members:people_import_template"))
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    assert text.splitlines() == [
        "Name,Email,Job title,Phone,Organisation,Role,Deputy for email,Term start,Term end,Status"
    ]
    assert "Download a template (CSV)" in admin_client.get(PEOPLE_URL).content.decode()
