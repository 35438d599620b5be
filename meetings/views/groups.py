"""Groups: the main board and its sub-groups, who is in each, and when their invitees are reminded."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.access import admin_required
from common.text import count_of
from members.models import Person

from .. import groups
from ..forms import PeopleForm, ReminderOffsetsForm
from ..models import Group, GroupMembership
from .base import posted


@admin_required
def group_list(request):
    rows = Group.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__person__status=Person.Status.ACTIVE))
    )
    return render(request, "meetings/groups.html", {"groups": rows})


@admin_required
def group_detail(request, pk):
    group = get_object_or_404(Group, pk=pk)
    add_form = PeopleForm(
        posted(request) if request.POST.get("form") == "add" else None,
        candidates=groups.people_not_in(group),
        people_label="People to add",
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


@admin_required
@require_POST
def group_member_remove(request, pk, person_pk):
    group = get_object_or_404(Group, pk=pk)
    person = get_object_or_404(Person, pk=person_pk, group_memberships__group=group)
    withdrawn = groups.group_remove_member(group, person)
    messages.success(
        request,
        f"{person.name} is no longer in {group.name}"
        + (f"; {count_of(withdrawn, 'unanswered invitation')} withdrawn" if withdrawn else ""),
    )
    return redirect("meetings:group_detail", group.pk)
