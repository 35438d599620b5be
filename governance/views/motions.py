"""Decisions between meetings: an admin puts a motion to the members who vote, each votes by the emailed link or
signed in, the outcome is recorded when voting closes or every vote is in, and the next meeting ratifies it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from common import need_to_know
from common.access import admin_required, partner_required, public
from common.forms import add_service_errors
from common.need_to_know import member_of
from meetings.models import Meeting
from meetings.views.base import error_text, posted

from .. import policy, selectors, services
from ..forms import MotionForm, RatifyForm, VoteForm
from ..models import Motion, Vote


def motion_for(request, pk):
    return get_object_or_404(Motion.objects.visible_to(request.user).select_related("group", "ratify_at"), pk=pk)


@partner_required
def motions(request):
    return render(
        request,
        "governance/motions.html",
        {"motions": selectors.motions_for(request.user), "to_vote": selectors.my_votes(member_of(request.user))},
    )


@admin_required
def motion_new(request):
    form = MotionForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            motion = services.motion_put(voters=data.pop("voters"), by=request.user, case_data=form.case_data, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Motion put to {motion.votes.count()} members: each is emailed a link to vote")
            return redirect("governance:motion", motion.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "heading": "Put a decision to the members between meetings",
         "cancel_url": reverse("governance:motions"), "submit_label": "Put the motion"},
    )  # fmt: skip


@public
def motion(request, pk):
    motion = motion_for(request, pk)
    member = member_of(request.user)
    votes = list(motion.votes.select_related("person__organisation", "cast_by"))
    mine = next((v for v in votes if services.may_cast(v, member)), None) if member else None
    sees_votes = need_to_know.is_admin(request.user)
    context = {
        "motion": motion,
        "votes": votes if sees_votes else [],
        "mine": mine,
        "vote_form": VoteForm() if mine is not None and not mine.choice and motion.is_open else None,
        "tally": selectors.tally(motion) if not motion.is_open or sees_votes else None,
        "ratify_form": RatifyForm(
            meetings=Meeting.objects.filter(group=motion.group, starts_at__gte=motion.decided_at).order_by("starts_at")
        )
        if sees_votes and not motion.is_open and motion.ratified_at is None
        else None,
    }
    return render(request, "governance/motion.html", context)


@public
def motion_paper(request, pk):
    motion = motion_for(request, pk)
    if not motion.paper:
        raise Http404
    return FileResponse(motion.paper.open("rb"), as_attachment=True, filename=motion.paper_filename or "paper.pdf")


@partner_required
@require_POST
def motion_vote(request, pk):
    motion = motion_for(request, pk)
    member = member_of(request.user)
    vote = next((v for v in motion.votes.select_related("person") if services.may_cast(v, member)), None)
    if vote is None:
        raise Http404
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose for, against, abstain or wait for the meeting")
        return redirect("governance:motion", motion.pk)
    try:
        services.vote_cast(vote, choice=form.cleaned_data["choice"], by=member)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "Your vote is recorded")
    return redirect("governance:motion", motion.pk)


def vote_by_link(request, return_request):
    """The link in a vote email (the engine has checked it): the vote, without signing in, for the member asked."""
    vote = Vote.objects.select_related("motion", "person").get(pk=return_request.subject_id)
    motion = vote.motion
    form = VoteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.vote_cast(vote, choice=form.cleaned_data["choice"], by=vote.person, via="link")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "governance/vote_done.html", {"motion": motion, "vote": vote})
    return render(
        request,
        "governance/vote_link.html",
        {
            "form": form,
            "motion": motion,
            "vote": vote,
            # A link without a sign-in is as unprotected as the email it came in: the same words the email gave.
            "text": need_to_know.for_email(policy.MOTIONS, motion, motion.text),
            "closes": timezone.localtime(motion.closes_at),
        },
    )


@admin_required
@require_POST
def motion_close(request, pk):
    motion = motion_for(request, pk)
    motion = services.motion_close(motion)
    messages.success(request, f"Voting closed: {motion.get_outcome_display().lower()}")
    return redirect("governance:motion", motion.pk)


@admin_required
@require_POST
def motion_ratify(request, pk):
    motion = motion_for(request, pk)
    form = RatifyForm(request.POST, meetings=Meeting.objects.filter(group=motion.group).order_by("starts_at"))
    if not form.is_valid():
        messages.error(request, "Select the meeting that ratified the decision")
        return redirect("governance:motion", motion.pk)
    try:
        services.motion_ratify(motion, meeting=form.cleaned_data["meeting"])
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "Ratification recorded")
    return redirect("governance:motion", motion.pk)
