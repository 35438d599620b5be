"""Partner returns and Channel figures: the rules, each refusal with a message naming the field, nothing half-saved.

Every service is one transaction: a refused return or quarter leaves nothing behind.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.casedata import confirmation_record
from common.concurrency import EditConflict

from .models import (
    AssuranceStatement,
    ChannelCategory,
    ChannelCount,
    ChannelQuarter,
    ControlArea,
    Dimension,
    PartnerReturn,
    ReferralPathway,
    SectorAnswer,
    SectorQuestion,
    SharingAgreement,
    StatementRating,
    TrainingLine,
    TrainingProduct,
)

# Partner returns -------------------------------------------------------------------------------------------------


def products_for(organisation):
    return [p for p in TrainingProduct.objects.filter(active=True) if p.applies_to(organisation.sector)]


def questions_for(organisation):
    return list(SectorQuestion.objects.filter(active=True, sector=organisation.sector))


def check_training(training):
    """training: {product_id: (in_scope, completions, in_date)}. Errors keyed by the form's field names."""
    errors = {}
    for pid, (in_scope, completions, in_date) in training.items():
        for name, value in (("in_scope", in_scope), ("completions", completions), ("in_date", in_date)):
            if value is not None and value < 0:
                errors[f"p{pid}_{name}"] = "Enter a number of staff of 0 or more"
        if errors:
            continue
        if in_scope is not None and completions is not None and completions > in_scope:
            errors[f"p{pid}_completions"] = (
                f"Completions in the period ({completions}) cannot be more than the staff in scope ({in_scope})"
            )
        if in_scope is not None and in_date is not None and in_date > in_scope:
            errors[f"p{pid}_in_date"] = f"Staff in date ({in_date}) cannot be more than the staff in scope ({in_scope})"
    return errors


def return_prefill(organisation, *, before=None):
    """The organisation's last return as the new one's starting point: lead, staff in scope, in date, answers."""
    last = PartnerReturn.objects.filter(organisation=organisation)
    if before is not None:
        last = last.filter(period__start__lt=before.start)
    last = last.order_by("-period__start").prefetch_related("training", "answers").first()
    if last is None:
        return {}
    initial = {"prevent_lead": last.prevent_lead_id}
    for line in last.training.all():
        initial[f"p{line.product_id}_in_scope"] = line.in_scope
        initial[f"p{line.product_id}_in_date"] = line.in_date
    for answer in last.answers.all():
        initial[f"q{answer.question_id}"] = answer.number if answer.number is not None else answer.text
    return initial


@transaction.atomic
def return_save(
    *, organisation, period, prevent_lead, notes, training, answers, by=None, by_name="", existing=None,
    expected_version=None, case_data=None,
):  # fmt: skip
    """Record a return (or change `existing`): refused for a period not yet started, a second return for the same
    organisation and period, counts below 0, and completions or staff in date above the staff in scope."""
    if not period.has_started:
        raise ValidationError(
            {"period": f"The period {period} has not started yet: a return can be made once it has started"}
        )
    if prevent_lead is not None and prevent_lead.organisation_id != organisation.pk:
        raise ValidationError({"prevent_lead": "Choose a Prevent lead from the organisation's own members"})
    errors = check_training(training)
    for qid, (number, _text) in answers.items():
        if number is not None and number < 0:
            errors[f"q{qid}"] = "Enter a number of 0 or more"
    if errors:
        raise ValidationError(errors)
    if existing is None:
        if PartnerReturn.objects.filter(organisation=organisation, period=period).exists():
            raise ValidationError(
                {"period": f"{organisation} has already made its return for {period}: change that one instead"}
            )
        record = PartnerReturn(organisation=organisation, period=period)
    else:
        record = PartnerReturn.objects.select_for_update().get(pk=existing.pk)
        if expected_version is not None and record.version != expected_version:
            raise EditConflict(record)
        record.version += 1
    record.prevent_lead = prevent_lead
    record.notes = notes or ""
    if existing is None:  # a change later does not make a return on time late
        record.submitted_at = timezone.now()
        record.submitted_by = by if by is not None and by.is_authenticated else None
        record.submitted_by_name = by_name or (str(by) if record.submitted_by else "")
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:  # the same return made at the same moment by someone else
        raise ValidationError(
            {"period": f"{organisation} has already made its return for {period}: change that one instead"}
        ) from error
    record.training.all().delete()
    record.answers.all().delete()
    TrainingLine.objects.bulk_create(
        TrainingLine(partner_return=record, product_id=pid, in_scope=s or 0, completions=c or 0, in_date=d or 0)
        for pid, (s, c, d) in training.items()
        if s is not None
    )
    SectorAnswer.objects.bulk_create(
        SectorAnswer(partner_return=record, question_id=qid, number=number, text=text or "")
        for qid, (number, text) in answers.items()
        if number is not None or text
    )
    from . import duty_returns

    duty_returns.mark_answered(record, by_link=bool(by_name) and record.submitted_by is None)
    confirmation_record(record, case_data)
    return record


# Channel figures -------------------------------------------------------------------------------------------------

FIGURES = ("referrals", "discussed", "adopted", "closed", "repeat_referrals", "reviews_6_on_time", "reviews_6_due",
           "reviews_12_on_time", "reviews_12_due", "signposted")  # fmt: skip


def quarter_start(year, quarter):
    month = 4 + 3 * (quarter - 1)
    return datetime.date(year + (month > 12), (month - 1) % 12 + 1, 1)


def check_quarter(figures, counts):
    """The figures must add up: adopted within discussed, discussed within referrals, reviews on time within those
    due, and each list of categories (where any is given) adding up to the referrals."""
    errors = {}
    for name in FIGURES:
        if (figures.get(name) or 0) < 0:
            errors[name] = "Enter a number of 0 or more"
    if errors:
        return errors
    f = {name: figures.get(name) or 0 for name in FIGURES}
    if f["adopted"] > f["discussed"]:
        errors["adopted"] = f"Adopted ({f['adopted']}) cannot be more than discussed at panel ({f['discussed']})"
    if f["discussed"] > f["referrals"]:
        errors["discussed"] = f"Discussed at panel ({f['discussed']}) cannot be more than referrals ({f['referrals']})"
    for months in (6, 12):
        if f[f"reviews_{months}_on_time"] > f[f"reviews_{months}_due"]:
            errors[f"reviews_{months}_on_time"] = f"{months}-month reviews on time cannot be more than those due"
    categories = ChannelCategory.objects.in_bulk(list(counts))
    by_dimension = {}
    for cid, n in counts.items():
        if n is not None and n < 0:
            errors[f"c{cid}"] = "Enter a number of 0 or more"
        elif n is not None and cid in categories:
            by_dimension.setdefault(categories[cid].dimension, []).append(n)
    for dimension, values in by_dimension.items():
        if values and sum(values) and sum(values) != f["referrals"]:
            first = min(
                cid for cid, n in counts.items() if cid in categories and categories[cid].dimension == dimension
            )
            errors[f"c{first}"] = (
                f"The counts by {Dimension(dimension).label.lower()} add up to {sum(values)}, "
                f"but {f['referrals']} referrals were entered: they must add up to the referrals"
            )
    return errors


@transaction.atomic
def quarter_save(*, year, quarter, figures, counts, by, existing=None, expected_version=None):
    if quarter_start(year, quarter) > timezone.localdate():
        raise ValidationError({"quarter": "That quarter has not started yet: figures can be keyed once it has"})
    if errors := check_quarter(figures, counts):
        raise ValidationError(errors)
    if existing is None:
        if ChannelQuarter.objects.filter(year=year, quarter=quarter).exists():
            raise ValidationError({"quarter": "That quarter's figures are already in: change them instead"})
        record = ChannelQuarter(year=year, quarter=quarter)
    else:
        record = ChannelQuarter.objects.select_for_update().get(pk=existing.pk)
        if expected_version is not None and record.version != expected_version:
            raise EditConflict(record)
        record.version += 1
    for name in FIGURES:
        setattr(record, name, figures.get(name) or 0)
    record.keyed_by, record.keyed_at = by, timezone.now()
    record.save()
    record.counts.all().delete()
    ChannelCount.objects.bulk_create(
        ChannelCount(quarter=record, category_id=cid, count=n) for cid, n in counts.items() if n
    )
    return record


# The assurance statement, the pathway and agreements --------------------------------------------------------------

SIGNED = "This statement is signed: it can no longer be changed"


def statement_for_year(year):
    statement, _ = AssuranceStatement.objects.get_or_create(year=year)
    existing = set(statement.ratings.values_list("area_id", flat=True))
    StatementRating.objects.bulk_create(
        StatementRating(statement=statement, area=area)
        for area in ControlArea.objects.filter(active=True)
        if area.pk not in existing
    )
    return statement


@transaction.atomic
def statement_save(*, statement, summary, ratings, expected_version=None, case_data=None):
    """ratings: {rating_id: (rating, evidence)}."""
    statement = AssuranceStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.is_signed:
        raise ValidationError(SIGNED)
    if expected_version is not None and statement.version != expected_version:
        raise EditConflict(statement)
    statement.summary = summary
    statement.version += 1
    statement.save()
    for row in statement.ratings.all():
        if row.pk in ratings:
            row.rating, row.evidence = ratings[row.pk]
            row.save()
    confirmation_record(statement, case_data)
    return statement


@transaction.atomic
def statement_sign(*, statement, name, role, by, case_data=None):
    statement = AssuranceStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.is_signed:
        raise ValidationError(SIGNED)
    unrated = [str(r.area) for r in statement.ratings.select_related("area") if not r.rating]
    if unrated:
        raise ValidationError(f"Rate every control area before it is signed. Not rated: {', '.join(unrated)}")
    if not name.strip():
        raise ValidationError({"name": "Enter the name of the chief officer signing"})
    statement.signed_by_name, statement.signed_by_role = name.strip(), role.strip()
    statement.signed_at, statement.recorded_by = timezone.now(), by
    statement.save()
    confirmation_record(statement, case_data)
    return statement


@transaction.atomic
def pathway_publish(*, body, review_date, by, case_data=None):
    if review_date <= timezone.localdate():
        raise ValidationError({"review_date": "The review date must be in the future"})
    last = ReferralPathway.objects.select_for_update().order_by("-number").first()
    pathway = ReferralPathway.objects.create(
        number=(last.number + 1) if last else 1, body=body, review_date=review_date, published_by=by
    )
    confirmation_record(pathway, case_data)
    return pathway


@transaction.atomic
def agreement_save(*, agreement, expected_version=None, case_data=None):
    if agreement.review_date <= agreement.signed_date:
        raise ValidationError({"review_date": "The review date must be after the date it was signed"})
    if agreement.signed_date > timezone.localdate():
        raise ValidationError({"signed_date": "The date it was signed cannot be in the future"})
    if agreement.pk:
        current = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
        if expected_version is not None and current.version != expected_version:
            raise EditConflict(current)
        agreement.version = current.version + 1
    agreement.save()
    confirmation_record(agreement, case_data)
    return agreement


@transaction.atomic
def return_by_link(*, return_request, prevent_lead, notes, training, answers, case_data=None):
    """A return by the emailed link (no sign-in): claimed once, for the organisation and period it was sent for."""
    from returnrequests.models import ReturnRequest

    from .models import ReturnPeriod

    request = ReturnRequest.objects.select_for_update().get(pk=return_request.pk)
    if request.returned_at is not None:
        raise ValidationError("This return is already in: thank you.")
    from members.models import Organisation

    return return_save(
        organisation=Organisation.objects.get(pk=request.subject_id),
        period=ReturnPeriod.objects.get(pk=request.round_id),
        prevent_lead=prevent_lead, notes=notes, training=training, answers=answers,
        by=None, by_name=request.to_name or "by the emailed link", case_data=case_data,
    )  # fmt: skip
