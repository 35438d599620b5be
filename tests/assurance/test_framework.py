import pytest
from django.core.exceptions import ValidationError

from assurance import services
from assurance.models import Area, Criterion, Framework
from assurance.toolkit import SHIPPED

pytestmark = pytest.mark.django_db

HEADER = "area,area_title,criterion,text,guidance\n"


def _csv(rows):
    return HEADER + "".join(f'{a},Area {a},{c},"Text of {c}",\n' for a, c in rows)


def test_the_shipped_toolkit_has_eight_areas_in_the_toolkits_words():
    framework = Framework.objects.get(is_current=True)
    titles = list(framework.areas.values_list("title", flat=True))
    assert len(titles) == 8
    assert titles[1] == "Local risk assessment" and titles[2] == "Partnership plan"
    for area in framework.areas.all():
        assert 2 <= area.criteria.count() <= 4


def test_the_shipped_toolkit_says_susceptible_not_vulnerable():
    text = SHIPPED.read_text()
    assert "susceptible to radicalisation" in text
    assert "vulnerable" not in text.lower()


def test_a_csv_import_makes_a_new_current_version():
    framework = services.framework_import_csv(
        name="Prevent duty toolkit", version="2027", text=_csv([(n, f"{n}.1") for n in range(1, 9)])
    )
    assert framework.is_current
    assert Framework.objects.filter(is_current=True).get() == framework
    assert Criterion.objects.filter(area__framework=framework).count() == 8


def test_a_csv_with_missing_areas_is_refused_and_nothing_is_saved():
    before = (Framework.objects.count(), Area.objects.count(), Criterion.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.framework_import_csv(name="Toolkit", version="2027", text=_csv([(1, "1.1"), (2, "2.1")]))
    assert "Missing areas: 3, 4, 5, 6, 7, 8" in str(refused.value)
    assert (Framework.objects.count(), Area.objects.count(), Criterion.objects.count()) == before
    assert Framework.objects.get(is_current=True).version == "2026"


def test_a_csv_with_a_duplicate_criterion_is_refused():
    rows = [(n, f"{n}.1") for n in range(1, 9)] + [(2, "2.1")]
    with pytest.raises(ValidationError) as refused:
        services.framework_import_csv(name="Toolkit", version="2027", text=_csv(rows))
    assert "criterion 2.1 appears more than once" in str(refused.value)
    assert not Framework.objects.filter(version="2027").exists()


def test_a_csv_without_the_columns_is_refused():
    with pytest.raises(ValidationError, match="Missing: criterion"):
        services.framework_import_csv(name="Toolkit", version="2027", text="area,area_title,text\n1,A,x\n")


def test_an_admin_imports_a_framework_from_the_page(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile("toolkit.csv", _csv([(n, f"{n}.1") for n in range(1, 9)]).encode())
    response = admin_client.post(
        reverse("assurance:framework_import"), {"name": "Toolkit", "version": "2027", "file": upload}
    )
    assert response.status_code == 302
    assert Framework.objects.get(is_current=True).version == "2027"


def test_the_import_page_shows_what_is_wrong(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile("toolkit.csv", _csv([(1, "1.1")]).encode())
    response = admin_client.post(
        reverse("assurance:framework_import"), {"name": "Toolkit", "version": "2027", "file": upload}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Missing areas: 2, 3" in response.content.decode()


def test_a_framework_a_signed_off_assessment_used_is_frozen(cycle):
    from assurance.models import AssessmentCycle

    assert not cycle.framework.is_frozen
    AssessmentCycle.objects.filter(pk=cycle.pk).update(status="signed_off")
    assert Framework.objects.get(pk=cycle.framework_id).is_frozen


def test_the_assurance_screens_say_susceptible_not_vulnerable():
    from pathlib import Path

    from django.conf import settings

    for template in (Path(settings.BASE_DIR) / "templates" / "assurance").glob("*.html"):
        assert "vulnerable" not in template.read_text().lower(), template.name
