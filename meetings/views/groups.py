"""Groups: the main board and its sub-groups, who is in each, and when their invitees are reminded."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from common.access import admin_required
from common.confirm import confirm_or_act, confirm_page
from common.forms import form_page
from common.text import count_of
from members.models import Person

from .. import groups
from ..forms import PeopleForm, ReminderOffsetsForm
from ..group_forms import GroupForm
from ..models import Group, GroupMembership
from .base import posted


@admin_required
def group_list(request):
    rows = Group.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__person__status=Person.Status.ACTIVE))
    )
    return render(request, "meetings/groups.html", {"groups": rows})


def _group_page(request, form, save, *, heading, cancel_url):
    return form_page(
        request,
        form,
        save,
        success=lambda: f"{form.instance.name} saved",
        redirect_to=lambda: reverse("meetings:group_detail", args=[form.instance.pk]),
        template="meetings/form.html",
        context={"heading": heading, "cancel_url": cancel_url},
    )


@admin_required
def group_add(request):
    form = GroupForm(request.POST if request.method == "POST" else None)
    return _group_page(
        request,
        form,
        lambda: groups.group_create(group=form.instance),
        heading=_("Add a group"),
        cancel_url=reverse("meetings:groups"),
    )


@admin_required
def group_edit(request, pk):
    group = get_object_or_404(Group, pk=pk)
    form = GroupForm(request.POST if request.method == "POST" else None, instance=group)
    return _group_page(
        request,
        form,
        lambda: groups.group_update(group=form.instance, expected_version=form.cleaned_data["version"]),
        heading=f"Edit {group.name}",
        cancel_url=reverse("meetings:group_detail", args=[group.pk]),
    )


@admin_required
def group_detail(request, pk):
    group = get_object_or_404(Group, pk=pk)
    candidates = groups.people_not_in(group)
    add_form = PeopleForm(
        posted(request) if request.POST.get("form") == "add" else None,
        candidates=candidates,
        people_label="People to add",
        initial={"people": _suggested(request, candidates)},
    )
    reminders_form = ReminderOffsetsForm(
        posted(request) if request.POST.get("form") == "reminders" else None,
        initial={"offsets": ", ".join(str(days) for days in group.reminder_offsets_days)},
    )
    if request.method == "POST" and request.POST.get("form") == "add" and add_form.is_valid():
        added, invited = groups.group_add_members(group, add_form.selected())
        messages.success(
            request,
            f"{count_of(added, 'person', 'people')} added to {group.name}, "
            f"and {count_of(invited, 'invitation')} to its meetings to come",
        )
        return redirect("meetings:group_detail", group.pk)
    if request.method == "POST" and request.POST.get("form") == "reminders" and reminders_form.is_valid():
        groups.group_set_reminders(group, offsets=reminders_form.cleaned_data["offsets"])
        messages.success(request, f"Reminders for {group.name} saved")
        return redirect("meetings:group_detail", group.pk)
    memberships = (
        GroupMembership.objects.filter(group=group, person__status=Person.Status.ACTIVE)
        .select_related("person", "person__organisation")
        .order_by("person__name")
    )
    status = 400 if request.method == "POST" else 200
    context = {"group": group, "memberships": memberships, "add_form": add_form, "reminders_form": reminders_form}
    return render(request, "meetings/group_detail.html", context, status=status)


def _suggested(request, candidates):
    """People offered ticked, from ?suggest=1,2,3: the members just approved or imported, not yet in the group."""
    ids = [int(part) for part in request.GET.get("suggest", "").split(",") if part.strip().isdigit()]
    return list(candidates.filter(pk__in=ids).values_list("pk", flat=True)) if ids else []


@admin_required
def main_board_members(request):
    """The main board's members page, for links from apps that do not know about groups (approvals, imports)."""
    board = groups.main_board()
    if board is None:
        messages.error(request, _("There is no main board yet: add one, then add members to it"))
        return redirect("meetings:groups")
    url = reverse("meetings:group_detail", args=[board.pk])
    if request.GET.get("suggest"):
        url += "?" + urlencode({"suggest": request.GET["suggest"]})
    return redirect(url + "#add")


@admin_required
@confirm_or_act
def group_member_remove(request, pk, person_pk):
    group = get_object_or_404(Group, pk=pk)
    person = get_object_or_404(Person, pk=person_pk, group_memberships__group=group)
    if request.method == "GET":
        return confirm_page(
            request,
            caption=group.name,
            question=f"Remove {person.name} from {group.name}?",
            consequences=[
                "They are taken off the invitations they have not answered to the group's meetings still to come.",
                "They stay a member of the partnership, and in any other group.",
            ],
            button=_("Yes, remove them"),
            back=reverse("meetings:group_detail", args=[group.pk]),
        )
    withdrawn = groups.group_remove_member(group, person)
    messages.success(
        request,
        f"{person.name} is no longer in {group.name}"
        + (f"; {count_of(withdrawn, 'unanswered invitation')} withdrawn" if withdrawn else ""),
    )
    return redirect("meetings:group_detail", group.pk)
