"""A clerk sets up groups in the browser: adds a sub-group, edits it, and gives it its own standing items."""

import pytest
from django.urls import reverse

from meetings import groups, services
from meetings.models import Group, StandingItem

from .factories import GroupFactory, MainBoardFactory, in_days

pytestmark = pytest.mark.django_db


def _item_titles(meeting):
    return list(meeting.items.order_by("position").values_list("title", flat=True))


def test_an_admin_adds_a_sub_group_which_starts_with_its_own_standing_items(admin_client):
    MainBoardFactory()
    response = admin_client.post(
        reverse("meetings:group_add"),
        {"name": "Education sub-group", "description": "Schools and colleges.", "quorum_fraction": "0.5"},
    )
    group = Group.objects.get(name="Education sub-group")
    assert response.status_code == 302 and response["Location"] == reverse("meetings:group_detail", args=[group.pk])
    assert (group.is_main_board, str(group.quorum_fraction)) == (False, "0.50")
    assert group.standing_items.count() == 8


def test_each_group_has_its_own_standing_items(admin_client):
    board = MainBoardFactory()
    sub_group = groups.group_create(group=Group(name="Health sub-group"))
    groups.standing_items_ensure(board)
    item = sub_group.standing_items.get(title="Threat and risk update")
    admin_client.post(
        reverse("meetings:standing_item_edit", args=[item.pk]),
        {"position": item.position, "title": "Health referrals pathway", "purpose": "discussion", "version": 1},
    )
    admin_client.post(
        reverse("meetings:standing_item_add", args=[sub_group.pk]),
        {"position": 20, "title": "Training for GP practices", "purpose": "information"},
    )

    sub_meeting = services.meeting_create(group=sub_group, title="Health", starts_at=in_days(9), ends_at=in_days(9, 12))
    board_meeting = services.meeting_create(group=board, title="Board", starts_at=in_days(9), ends_at=in_days(9, 12))
    assert "Health referrals pathway" in _item_titles(sub_meeting)
    assert _item_titles(sub_meeting)[-1] == "Training for GP practices"
    assert "Threat and risk update" in _item_titles(board_meeting)
    assert "Health referrals pathway" not in _item_titles(board_meeting)
    page = admin_client.get(reverse("meetings:group_standing_items", args=[board.pk])).content.decode()
    assert "Training for GP practices" not in page


def test_a_position_is_used_once_per_group_and_said_so(admin_client):
    group = groups.group_create(group=GroupFactory.build(name="Channel liaison"))
    response = admin_client.post(
        reverse("meetings:standing_item_add", args=[group.pk]),
        {"position": 1, "title": "Another first item", "purpose": "information"},
    )
    assert response.status_code == 200
    assert "Position 1 is already “Welcome and apologies”: choose another" in response.content.decode()
    other = groups.group_create(group=Group(name="Another group"))
    assert other.standing_items.filter(position=1).exists()  # the same position in another group is fine


def test_only_one_group_is_the_main_board(admin_client):
    form_page = admin_client.get(reverse("meetings:group_add")).content.decode()
    assert "This is the partnership&#x27;s main board" in form_page or "main board" in form_page
    admin_client.post(
        reverse("meetings:group_add"), {"name": "Board", "quorum_fraction": "0.33", "is_main_board": "on"}
    )
    assert Group.objects.get(name="Board").is_main_board
    page = admin_client.get(reverse("meetings:group_add")).content.decode()
    assert 'name="is_main_board"' not in page
    admin_client.post(
        reverse("meetings:group_add"), {"name": "Other", "quorum_fraction": "0.33", "is_main_board": "on"}
    )
    assert not Group.objects.get(name="Other").is_main_board


def test_editing_a_group_never_overwrites_another_admins_save(admin_client):
    group = groups.group_create(group=Group(name="Prevent delivery group", description="First"))
    stale = {"name": "Prevent delivery group", "description": "Mine", "quorum_fraction": "0.33", "version": 1}
    Group.objects.filter(pk=group.pk).update(description="Theirs", version=2)
    response = admin_client.post(reverse("meetings:group_edit", args=[group.pk]), stale)
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    group.refresh_from_db()
    assert group.description == "Theirs"


def test_the_old_standing_items_address_leads_to_the_main_boards_list(admin_client):
    board = MainBoardFactory()
    response = admin_client.get(reverse("meetings:standing_items"))
    assert response["Location"] == reverse("meetings:group_standing_items", args=[board.pk])


def test_removing_a_standing_item_is_confirmed_first(admin_client):
    group = groups.group_create(group=Group(name="Sub-group"))
    item = group.standing_items.get(title="Any other business")
    url = reverse("meetings:standing_item_remove", args=[item.pk])
    page = admin_client.get(url).content.decode()
    assert "Remove “Any other business” from the standing items?" in page
    assert StandingItem.objects.filter(pk=item.pk).exists()
    admin_client.post(url, {"confirmed": "yes"})
    assert not StandingItem.objects.filter(pk=item.pk).exists()
