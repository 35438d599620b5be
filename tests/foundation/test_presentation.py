"""What a page says and how it looks lives in templates: Python returns data, and every word is marked for translation.

A source scan: no HTML, `format_html`, `mark_safe` or month-name table in the apps' Python outside template tags and
filters; no link spliced from `reverse(..., args=[0])` or text cut by the database in selectors, models, services
or views; every template's words inside `{% translate %}`/`{% blocktranslate %}` (scripts/mark_translations.py).
"""

import ast
import re
import sys
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import mark_translations  # noqa: E402

# Each exception says why: the lines that build HTML in Python on purpose.
EXCEPTED = {
    # The Markdown renderer: nh3's allow-list of tags, and GOV.UK classes put on the tags it lets through.
    "common/text.py": "the Markdown sanitiser",
    # Demo data: a fictional paper uploaded as an HTML file (a document people download, not a page).
    "meetings/demo.py": "a demo paper's file",
    # The meeting pages' doors for apps above: it joins what other apps' templates rendered (each escaped as it
    # rendered) into one section; no markup of its own.
    "meetings/extend.py": "sections other apps' templates rendered",
}
# Where pages get their data: no spliced links or text cut by the database here either.
READS = re.compile(r"(^|/)(selectors|models|services|views)(\.py$|/)")
HTML_TAG = re.compile(
    r"</?(a|abbr|b|blockquote|br|button|caption|code|dd|div|dl|dt|em|form|h[1-6]|i|input|label|li|mark|nav|ol|p|pre"
    r"|section|small|span|strong|table|tbody|td|th|thead|tr|ul)\b[^>]*>",
    re.IGNORECASE,
)
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
MARKUP_NAMES = {"format_html", "format_html_join", "mark_safe", "SafeString", "conditional_escape"}


def _app_modules():
    apps = sorted({p.parent for p in ROOT.glob("*/apps.py")} | {ROOT / "partnership"})
    for app in apps:
        for path in sorted(app.rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "migrations" in path.parts or "templatetags" in path.parts or relative in EXCEPTED:
                continue
            yield relative, path.read_text()


def _docstrings(tree):
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def presentation_in_python(relative, source):
    """[(line, what)] for each place `source` builds HTML or formatted dates, or splices links or cuts text."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if HTML_TAG.search(node.value):
                found.append((node.lineno, "HTML in a string"))
            if re.search(r"%-?[dB]\s*%B|%[Bb]\b", node.value):
                found.append((node.lineno, "a month name from strftime (use |date, or date_format)"))
            if node.value.strip().lower() in MONTHS and len(node.value) > 2:
                found.append((node.lineno, "a month name of its own"))
            if READS.search(relative) and "…" in node.value:
                found.append((node.lineno, "text cut by the code (use |truncatechars)"))
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        if name in MARKUP_NAMES:
            found.append((node.lineno, f"{name} (only in template tags and filters)"))
        if isinstance(node, ast.alias) and node.name in MARKUP_NAMES:
            found.append((getattr(node, "lineno", 0), f"imports {node.name}"))
        if isinstance(node, ast.Call) and READS.search(relative):
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            spliced = any(
                isinstance(k.value, (ast.List, ast.Tuple))
                and any(isinstance(e, ast.Constant) and e.value == 0 for e in k.value.elts)
                for k in node.keywords
                if k.arg == "args"
            )
            if called == "reverse" and spliced:
                found.append((node.lineno, "a link spliced from reverse(args=[0]) (use {% url %})"))
            fmt = node.args[1:2] if called == "date_format" else node.args[:1] if called == "strftime" else []
            month = r"%-?[bB]" if called == "strftime" else r"(?<!\\)[MFNEb]"  # month names, not numbers
            if fmt and isinstance(fmt[0], ast.Constant) and re.search(month, str(fmt[0].value)):
                found.append((node.lineno, "a date written with month names for a page (use |date)"))
    return sorted(set(found))


def test_no_html_or_formatted_dates_are_built_in_the_apps_python():
    offending = [
        f"{relative}:{line}: {what}"
        for relative, source in _app_modules()
        for line, what in presentation_in_python(relative, source)
    ]
    assert offending == [], "return data; let the template draw it ({% url %}, |date, |truncatechars, includes)"


def test_the_scan_finds_html_markup_months_and_spliced_links():
    sample = (
        "from django.utils.html import format_html\n"
        "from django.utils.safestring import mark_safe\n"
        "TAG = mark_safe('<strong class=\"govuk-tag\">Overdue</strong>')\n"
        "MONTHS = ['January', 'February']\n"
        "def rows(value):\n"
        "    head = reverse('meetings:action_edit', args=[0])\n"
        "    return format_html('{}', f'{value:%-d %B %Y}') + '…'\n"
    )
    found = {what for _, what in presentation_in_python("meetings/selectors.py", sample)}
    assert "HTML in a string" in found
    assert "imports format_html" in found and "imports mark_safe" in found
    assert "mark_safe (only in template tags and filters)" in found
    assert "a month name of its own" in found
    assert "a month name from strftime (use |date, or date_format)" in found
    assert "a link spliced from reverse(args=[0]) (use {% url %})" in found
    assert "text cut by the code (use |truncatechars)" in found
    assert presentation_in_python("meetings/selectors.py", '"""A docstring may say <p>."""\nx = 1\n') == []


def test_every_template_has_its_words_marked_for_translation():
    unmarked = [
        str(path.relative_to(ROOT))
        for path in mark_translations.templates()
        if mark_translations.mark_file(path)[1] != path.read_text()
    ]
    assert unmarked == [], "run: .venv/bin/python scripts/mark_translations.py (then read the diff)"


def test_marking_a_template_changes_nothing_it_renders():
    source = (
        '<p class="govuk-body">{{ count }} of {{ meeting.title }} <strong>done</strong> '
        '{{ venue|default:"To be confirmed" }}</p><a aria-label="Close" href="#">Close</a>'
    )
    marked = mark_translations.mark(source)
    opening = '{% blocktranslate with n_count=count title=meeting.title venue=venue|default:_("To be confirmed") %}'
    assert opening in marked
    assert '_("To be confirmed")' in marked and "aria-label=\"{% translate 'Close' %}\"" in marked
    context = {"count": 3, "meeting": {"title": "Board & <friends>"}, "venue": ""}
    with translation.override("en-gb"):
        assert Template(marked).render(Context(context)) == Template(source).render(Context(context))
    assert mark_translations.mark(marked) == marked


def test_the_overdue_tag_is_one_include():
    tag = '<strong class="govuk-tag govuk-tag--red">'
    drawn = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if re.search(re.escape(tag) + r"[^<]*Overdue", path.read_text())
    ]
    assert drawn == ["templates/includes/overdue_tag.html"]
