"""The floor: the least a page listing N rows can cost here (one query, a minimal template).

Real pages are measured as a ratio to this, served by the same gunicorn in the same run, so the
figures say what our code adds, not how fast this machine is.
"""

from django.apps import apps
from django.http import Http404, HttpResponse
from django.template import engines

from common.access import login_required

_TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html lang='en'><head><title>Floor</title></head><body><table>"
    "{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}"
    "</table></body></html>"
)

# Which table stands in for each measured page: what the page lists, read as plainly as possible.
TABLES = {
    "people": ("members.Person", ["name", "job_title", "email", "role", "status"]),
    "meeting_items": ("meetings.AgendaItem", ["position", "title", "presenter", "purpose"]),
    "actions": ("actionplans.Action", ["reference", "description", "status", "due_date"]),
    "meeting_actions": ("meetings.MeetingAction", ["description", "status", "due_date"]),
    "risks": ("risks.Risk", ["reference", "title", "review_date", "status"]),
}


@login_required
def floor_page(request, table, rows):
    if table not in TABLES:
        raise Http404
    model_label, fields = TABLES[table]
    model = apps.get_model(model_label)
    data = list(model.objects.order_by("pk").values_list(*fields)[:rows])
    return HttpResponse(_TEMPLATE.render({"rows": data}, request))
