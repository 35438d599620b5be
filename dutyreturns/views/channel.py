"""The Channel panel's figures and attendance, for admins and the panel's members; keying figures, for admins."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from common.access import admin_required, partner_required
from common.audit import log_export
from common.concurrency import EditConflict
from common.csvexport import csv_response
from common.forms import add_service_errors

from .. import policy, selectors, services
from ..forms import QuarterForm
from ..models import ChannelQuarter
from ..suppression import is_small


def require_channel_reader(request, content=policy.CHANNEL_FIGURES):
    if not selectors.reads_channel(request.user, content):
        raise PermissionDenied("Only admins and the Channel panel's members read the Channel figures.")


def _year(request):
    try:
        return int(request.GET.get("year") or selectors.current_year())
    except ValueError:
        return selectors.current_year()


@partner_required
def channel(request):
    require_channel_reader(request)
    year = _year(request)
    context = {
        "data": selectors.channel_year(year),
        "attendance": selectors.panel_attendance(year),
        "year": year,
    }
    return render(request, "dutyreturns/channel.html", context)


@partner_required
def channel_csv(request):
    """The year's figures as every output shows them: small numbers "<5", withheld ones "[c]"."""
    require_channel_reader(request)
    year = _year(request)
    data = selectors.channel_year(year)
    rows = [[f["label"], *[c.text for c in f["cells"]], f["total"].text] for f in data["figures"]]
    for dimension in data["dimensions"]:
        rows += [[f"{dimension['label']}: {r['label']}", *[c.text for c in r["cells"]], r["total"].text]
                 for r in dimension["rows"]]  # fmt: skip
    log_export(request, ChannelQuarter, f"downloaded the Channel figures for {year} as CSV")
    return csv_response(f"channel-figures-{year}.csv", ["Figure", *data["columns"], "Year"], rows)


def _quarter_page(request, form, save, heading):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except EditConflict:
            form.add_error(None, "Someone else changed these figures while you were editing: reload and try again")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(f"/prevent-duty/channel/?year={saved.year}")
    return render(request, "dutyreturns/quarter_form.html", {"form": form, "heading": heading})


@admin_required
def quarter_create(request):
    form = QuarterForm(request.POST or None, initial={"year": selectors.current_year()})
    return _quarter_page(
        request,
        form,
        lambda: services.quarter_save(
            year=form.cleaned_data["year"], quarter=form.cleaned_data["quarter"], figures=form.figures(),
            counts=form.counts(), by=request.user,
        ),
        "Key a quarter's Channel figures",
    )  # fmt: skip


@admin_required
def quarter_edit(request, pk):
    """The stored figures are shown only here; a small one (1 to 4) only to the admin who keyed it."""
    record = get_object_or_404(ChannelQuarter.objects.select_related("keyed_by"), pk=pk)
    stored = {name: getattr(record, name) for name in services.FIGURES}
    stored.update({f"c{c.category_id}": c.count for c in record.counts.all()})
    keyer = record.keyed_by_id is not None and record.keyed_by_id == request.user.pk
    withheld = {} if keyer else {name: value for name, value in stored.items() if is_small(value)}
    initial = {name: value for name, value in stored.items() if name not in withheld}
    initial.update(year=record.year, quarter=record.quarter, version=record.version)
    keyed_by = record.keyed_by.get_full_name() or record.keyed_by.email if record.keyed_by else ""
    form = QuarterForm(request.POST or None, initial=initial, new=False, withheld=withheld, keyed_by=keyed_by)
    return _quarter_page(
        request,
        form,
        lambda: services.quarter_save(
            year=record.year, quarter=record.quarter, figures=form.figures(), counts=form.counts(), by=request.user,
            existing=record, expected_version=form.cleaned_data.get("version"),
        ),
        f"Change the Channel figures for {record}",
    )  # fmt: skip
