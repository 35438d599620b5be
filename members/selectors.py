"""Reads used by more than one screen. Each runs a fixed number of queries whatever the row count."""

from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.db.models import CharField, Count, DateField, Exists, Max, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.audit import CHANGE_TYPES, change_log

from .models import Organisation, Person, Sector


@dataclass
class OrganisationCoverage:
    organisation: Organisation
    representatives: list
    gap_since: object = None  # the date the last representative's term ended, if any

    @property
    def covered(self):
        return bool(self.representatives)

    @property
    def gap_reason(self):
        if self.covered:
            return ""
        if self.gap_since:
            return _("No current representative since %(date)s") % {"date": date_format(self.gap_since)}
        return _("No representative has been named")


@dataclass
class SectorCoverage:
    sector: str
    label: str
    organisations: list = field(default_factory=list)

    @property
    def gaps(self):
        return [entry for entry in self.organisations if not entry.covered]

    @property
    def covered(self):
        return bool(self.organisations) and not self.gaps

    @property
    def gap_reason(self):
        if not self.organisations:
            return _("No member organisation in this sector")
        return ""


def coverage(*, on=None):
    """Each statutory-duty sector, its member organisations and whether each has a current representative.

    Two queries: the organisations (with the end of their last representative's term) and their
    current representatives. Sectors come from the Prevent duty's list plus any organisation marked
    as carrying the duty outside it.
    """
    on = on or timezone.localdate()
    current = Person.objects.representing(on).filter(organisation=OuterRef("pk"))
    past_terms = Q(people__role__in=Person.REPRESENTING_ROLES) & (
        Q(people__status=Person.Status.FORMER) | Q(people__term_end__lt=on)
    )
    organisations = (
        Organisation.objects.members()
        .filter(Q(sector__in=Sector.statutory()) | Q(has_prevent_duty=True))
        .annotate(has_current=Exists(current), last_term_end=Max("people__term_end", filter=past_terms))
        .prefetch_related(
            Prefetch(
                "people",
                queryset=Person.objects.representing(on).order_by("name"),
                to_attr="current_representatives",
            )
        )
        .order_by("name")
    )
    sectors = {sector: SectorCoverage(sector, Sector(sector).label) for sector in Sector.statutory()}
    for organisation in organisations:
        sector = sectors.setdefault(
            organisation.sector, SectorCoverage(organisation.sector, Sector(organisation.sector).label)
        )
        sector.organisations.append(
            OrganisationCoverage(
                organisation,
                organisation.current_representatives,
                None if organisation.current_representatives else organisation.last_term_end,
            )
        )
    statutory = Sector.statutory()
    return [sectors[sector] for sector in statutory] + [
        sectors[sector] for sector in sorted(sectors) if sector not in statutory
    ]


def coverage_gaps(*, on=None):
    """(what, why) for every gap in statutory coverage, for the dashboard panel, in the coverage page's order.

    One query whatever the size of the membership (a UNION of two parts): the organisations without a
    current representative, and which sectors have any member organisation at all (a row each, with no
    name). Unlike `coverage` it never loads the people who do cover their organisation.
    """
    on = on or timezone.localdate()
    current = Person.objects.representing(on).filter(organisation=OuterRef("pk"))
    past_terms = Q(people__role__in=Person.REPRESENTING_ROLES) & (
        Q(people__status=Person.Status.FORMER) | Q(people__term_end__lt=on)
    )
    duty = Q(sector__in=Sector.statutory()) | Q(has_prevent_duty=True)
    members = Organisation.objects.members().filter(duty)
    uncovered = (
        members.filter(~Exists(current))
        .annotate(last_term_end=Max("people__term_end", filter=past_terms))
        .values_list("sector", "name", "last_term_end")
        .order_by()
    )
    sectors = (
        members.annotate(no_name=Cast(Value(None), CharField()), no_date=Cast(Value(None), DateField()))
        .values_list("sector", "no_name", "no_date")
        .order_by()  # not the model's ordering by name: it would be a column of the DISTINCT
        .distinct()
    )
    by_sector = {}
    sectors_with_members = set()
    for sector, name, last_term_end in uncovered.union(sectors, all=True).order_by("name"):
        sectors_with_members.add(sector)
        if name is not None:
            reason = OrganisationCoverage(Organisation(name=name), [], last_term_end).gap_reason
            by_sector.setdefault(sector, []).append((name, reason))
    gaps = []
    for sector in [*Sector.statutory(), *sorted(sectors_with_members - set(Sector.statutory()))]:
        if sector not in sectors_with_members:
            gaps.append((Sector(sector).label, SectorCoverage(sector, "").gap_reason))
        gaps.extend(by_sector.get(sector, []))
    return gaps


def organisations_with_counts(queryset):
    return queryset.annotate(
        active_people=Count("people", filter=Q(people__status=Person.Status.ACTIVE), distinct=True)
    )


PEOPLE_ROW_FIELDS = (
    "pk",
    "name",
    "job_title",
    "organisation__name",
    "role",
    "deputy_for__name",
    "term_start",
    "term_end",
    "status",
)


def people_rows(people):
    """The people list's rows as dicts with role_label and status_label, like the app's other long tables:
    the template reads a dict's keys directly, several times faster over a page (measured by make bench)."""
    # Labels translated once for the page, not once a row (each is a lazy translation until it is made a str).
    roles = {value: str(label) for value, label in Person.Role.choices}
    statuses = {value: str(label) for value, label in Person.Status.choices}
    return [
        {**row, "role_label": roles[row["role"]], "status_label": statuses[row["status"]]}
        for row in people.values(*PEOPLE_ROW_FIELDS)
    ]


def person_changes(person, limit=10):
    """The latest recorded changes to a person's record (django-auditlog), as `common.audit.change_log` lists them."""
    entries = (
        LogEntry.objects.get_for_object(person)
        .filter(action__in=CHANGE_TYPES)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    return change_log(entries[:limit])


def directory_people(user):
    """The member directory: current members of current member organisations, for admins as for partners."""
    return (
        Person.objects.visible_to(user)
        .active()
        .filter(organisation__isnull=False, organisation__status=Organisation.Status.ACTIVE)
    )
