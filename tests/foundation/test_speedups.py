"""The faster `{% url %}` and `|date` give exactly Django's output."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Engine, engines
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from common.urls import reverse_fast


def _int_routes(resolver=None, namespace=""):
    """(name, number of arguments) for every named route whose arguments are all integers, or none."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _int_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", {})
            if all(type(c).__name__ == "IntConverter" for c in converters.values()):
                yield f"{namespace}{entry.name}", len(converters)


def test_every_integer_route_reverses_to_the_same_url():
    routes = list(_int_routes())
    assert sum(arity > 0 for _, arity in routes) > 40  # the walk found the apps' routes, not nothing
    assert sum(arity == 0 for _, arity in routes) > 20
    for name, arity in routes:
        for args in [(1,) * arity, tuple(range(7, 7 + arity)), tuple(10**9 + n for n in range(arity))]:
            assert _either(reverse_fast, name, args) == _either(lambda n, a: reverse(n, args=a), name, args), name


def _either(function, *args):
    """The result, or the error's type: a regex route with groups refuses no arguments in both."""
    try:
        return function(*args)
    except NoReverseMatch as error:
        return type(error)


def test_other_arguments_and_unknown_names_behave_as_reverse():
    assert reverse_fast("meetings:index") == reverse("meetings:index")
    assert reverse_fast("members:person_detail", ("12",)) == reverse("members:person_detail", args=["12"])
    with pytest.raises(NoReverseMatch):
        reverse_fast("members:no_such_page", (1,))
    with pytest.raises(NoReverseMatch):
        reverse_fast("members:person_detail", (-1,))


def _render(source, **context):
    return engines["django"].from_string(source).render(context)


def _django(source, **context):
    """The same template through a bare engine: Django's own built-ins only."""
    return Engine().from_string(source).render(Context(context))


def test_the_url_tag_matches_djangos_for_every_form():
    assert _render("{% url 'members:person_detail' pk %}", pk=5) == reverse("members:person_detail", args=[5])
    assert _render("{% url 'members:person_detail' pk=5 %}") == reverse("members:person_detail", args=[5])
    assert _render("{% url 'members:person_detail' '5' %}") == reverse("members:person_detail", args=["5"])
    assert (
        _render("{% url 'members:person_detail' 5 as link %}[{{ link }}]")
        == f"[{reverse('members:person_detail', args=[5])}]"
    )
    assert _render("{% url 'members:no_such_page' 5 as link %}[{{ link }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        _render("{% url 'members:no_such_page' 5 %}")


def test_the_app_engine_uses_the_fast_tag_and_gives_djangos_result():
    source = "{% for pk in pks %}{% url 'meetings:detail' pk %} {% endfor %}"
    assert "FastURLNode" in repr(engines["django"].from_string(source).template.nodelist[0].nodelist_loop)
    assert _render(source, pks=range(50)) == _django(source, pks=range(50))


LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.mark.parametrize("fmt", ["j M Y", "M Y", "l j F Y, H:i", "c", "e T", None])
def test_the_date_filter_matches_djangos(fmt):
    instant = datetime.datetime(2026, 6, 1, 12, 30, tzinfo=datetime.UTC)
    values = [
        datetime.date(2026, 3, 1),
        instant.astimezone(LONDON),
        instant.astimezone(NEW_YORK),  # the same instant: equal, but must print differently
        datetime.datetime(2026, 10, 25, 1, 30, tzinfo=LONDON),  # the hour that happens twice
        datetime.datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON),
        None,
        "",
        "not a date",
    ]
    source = "{{ value|date:fmt }}" if fmt else "{{ value|date }}"
    for value in values:
        expected = _outcome(_django, source, value=value, fmt=fmt)
        assert _outcome(_render, source, value=value, fmt=fmt) == expected, (value, fmt)
        assert _outcome(_render, source, value=value, fmt=fmt) == expected  # and again, from the cache


def _outcome(render, source, **context):
    """The output, or the kind of error (a time format on a date raises, in Django's filter too)."""
    try:
        return render(source, **context)
    except TypeError as error:
        return type(error)


@pytest.mark.parametrize("length", [0, 1, 5, 12, 40, 140, "x"])
def test_truncatechars_matches_djangos(length):
    for value in [
        "",
        "short",
        "exactly twelve",
        "A rather longer sentence about a plan.",
        "Cafe\u0301 au lait",
        None,
        42,
        "x" * 300,
    ]:
        source = "{{ value|truncatechars:length }}"
        assert _render(source, value=value, length=length) == _django(source, value=value, length=length)
