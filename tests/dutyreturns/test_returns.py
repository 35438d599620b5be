"""Partner returns: each rule, each refusal (nothing half-saved), who reads and enters which, "<5" on every output."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dutyreturns import services
from dutyreturns.models import PartnerReturn, TrainingLine
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _save(organisation, period, *, training, answers=None, existing=None, lead=None):
    return services.return_save(
        organisation=organisation,
        period=period,
        prevent_lead=lead,
        notes="",
        training=training,
        answers=answers or {},
        existing=existing,
    )


def _refused(call):
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


def test_a_return_records_training_per_product(partner_user, period, product):
    organisation = partner_user.organisation
    record = _save(organisation, period, training={product.pk: (40, 12, 35)}, lead=partner_user.person)
    line = record.training.get()
    assert (line.in_scope, line.completions, line.in_date) == (40, 12, 35)
    assert record.prevent_lead == partner_user.person


def test_completions_above_staff_in_scope_are_refused_and_nothing_is_saved(partner_user, period, product):
    errors = _refused(lambda: _save(partner_user.organisation, period, training={product.pk: (10, 11, 5)}))
    assert errors[f"p{product.pk}_completions"] == [
        "Completions in the period (11) cannot be more than the staff in scope (10)"
    ]
    assert not PartnerReturn.objects.exists() and not TrainingLine.objects.exists()


def test_staff_in_date_above_staff_in_scope_are_refused(partner_user, period, product):
    errors = _refused(lambda: _save(partner_user.organisation, period, training={product.pk: (10, 2, 12)}))
    assert errors[f"p{product.pk}_in_date"] == ["Staff in date (12) cannot be more than the staff in scope (10)"]


def test_negative_numbers_are_refused(partner_user, period, product, referrals_question):
    errors = _refused(
        lambda: _save(
            partner_user.organisation,
            period,
            training={product.pk: (-1, 0, 0)},
            answers={referrals_question.pk: (-2, "")},
        )
    )
    assert errors[f"p{product.pk}_in_scope"] == ["Enter a number of staff of 0 or more"]
    assert errors[f"q{referrals_question.pk}"] == ["Enter a number of 0 or more"]


def test_a_return_for_a_period_not_yet_started_is_refused(partner_user, future_period, product):
    errors = _refused(lambda: _save(partner_user.organisation, future_period, training={product.pk: (1, 1, 1)}))
    assert "has not started yet" in errors["period"][0]


def test_a_second_return_for_the_same_organisation_and_period_is_refused(partner_user, period, product):
    organisation = partner_user.organisation
    first = _save(organisation, period, training={product.pk: (10, 1, 9)})
    errors = _refused(lambda: _save(organisation, period, training={product.pk: (10, 2, 9)}))
    assert errors["period"] == [f"{organisation} has already made its return for {period}: change that one instead"]
    changed = _save(organisation, period, training={product.pk: (10, 2, 9)}, existing=first)
    assert changed.pk == first.pk and changed.training.get().completions == 2


def test_the_form_starts_from_the_last_return(partner_client, partner_user, period, product):
    _save(partner_user.organisation, period, training={product.pk: (44, 3, 40)}, lead=partner_user.person)
    page = partner_client.get(reverse("dutyreturns:create")).content.decode()
    assert 'value="44"' in page and 'value="40"' in page


def test_a_partner_enters_its_own_return_through_the_form(partner_client, partner_user, period, product):
    data = {"period": period.pk, "prevent_lead": partner_user.person.pk}
    for p in services.products_for(partner_user.organisation):
        data.update({f"p{p.pk}_in_scope": 20, f"p{p.pk}_completions": 5, f"p{p.pk}_in_date": 18})
    response = partner_client.post(reverse("dutyreturns:create"), data)
    record = PartnerReturn.objects.get()
    assert response.status_code == 302 and record.organisation == partner_user.organisation


def test_the_form_shows_a_refusal_on_its_field(partner_client, partner_user, period, product):
    data = {"period": period.pk, "prevent_lead": partner_user.person.pk}
    for p in services.products_for(partner_user.organisation):
        data.update({f"p{p.pk}_in_scope": 20, f"p{p.pk}_completions": 25, f"p{p.pk}_in_date": 18})
    page = partner_client.post(reverse("dutyreturns:create"), data).content.decode()
    assert "Completions in the period (25) cannot be more than the staff in scope (20)" in page
    assert not PartnerReturn.objects.exists()


def test_a_partner_reads_only_its_own_organisations_returns(partner_user, other_partner_user, period, product):
    own = _save(partner_user.organisation, period, training={product.pk: (1, 1, 1)})
    theirs = _save(other_partner_user.organisation, period, training={product.pk: (2, 2, 2)})
    assert list(PartnerReturn.objects.visible_to(partner_user)) == [own]
    from tests.factories import signed_in_client

    client = signed_in_client(partner_user)
    assert client.get(reverse("dutyreturns:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("dutyreturns:edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("dutyreturns:detail", args=[own.pk])).status_code == 200


def test_a_small_count_of_people_is_shown_as_less_than_five_on_the_page_and_the_csv_but_not_on_the_entry_form(
    partner_client, partner_user, period, product, referrals_question
):
    record = _save(
        partner_user.organisation, period, training={product.pk: (9, 1, 9)}, answers={referrals_question.pk: (3, "")}
    )
    page = partner_client.get(reverse("dutyreturns:detail", args=[record.pk])).content.decode()
    assert "&lt;5" in page
    form = partner_client.get(reverse("dutyreturns:edit", args=[record.pk])).content.decode()
    assert f'name="q{referrals_question.pk}" value="3"' in form


def test_the_admin_sees_late_and_missing_returns(admin_client, period, product):
    made = OrganisationFactory(name="Made It Academy")
    OrganisationFactory(name="Silent School")
    _save(made, period, training={product.pk: (1, 1, 1)})  # after the due date: late
    page = admin_client.get(reverse("dutyreturns:late")).content.decode()
    assert "Silent School" in page
    assert "Made after the due date" in page and "Made It Academy" in page


def test_only_a_member_of_an_organisation_can_make_its_return(db, period):
    admin = UserFactory(role="admin")
    from tests.factories import signed_in_client

    # An admin names the organisation; without one there is nothing to make.
    assert signed_in_client(admin).get(reverse("dutyreturns:create")).status_code == 404


def test_the_admins_home_panel_counts_the_returns_not_made_and_the_agreements_missing(admin_client, period, product):
    from dutyreturns.duty_returns import organisations_in_scope

    made = OrganisationFactory(name="Made It Academy")
    OrganisationFactory(name="Silent School")
    OrganisationFactory(name="Quiet College")
    _save(made, period, training={product.pk: (1, 1, 1)})
    in_scope = organisations_in_scope().count()  # the two above, and any the fixtures made

    page = " ".join(admin_client.get("/").content.decode().split())

    assert f"{in_scope - 1} returns for {period} not made" in page
    assert f"{in_scope} organisations without an information-sharing agreement" in page
