"""Mark the words of templates for translation, without changing what they render.

    .venv/bin/python scripts/mark_translations.py [templates/...]   # rewrite in place (default: every template)
    .venv/bin/python scripts/mark_translations.py --check           # list what is not marked; exit 1 if any

Text between HTML tags becomes `{% translate "..." %}`; a sentence with variables (and inline tags such as
<strong>, <a>, <span>) becomes one `{% blocktranslate with ... %}`, each variable named for what it holds;
string arguments a reader sees (`|default:"..."`, `with caption="..."`) become `_("...")`; the attributes
aria-label, title, alt and placeholder are marked too. With no translation active every one renders as before,
byte for byte: `unmark()` takes a marked template back to its source, and `mark()` checks that it does.
Running it on a marked template changes nothing (tests/foundation/test_translation.py asks exactly that).
English only for now: `manage.py makemessages -l cy` collects the strings into locale/ when a translation starts.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

# Django's own split of a template into text and tags ({% %}, {{ }}, {# #}).
TAG = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#})")
INLINE = {"a", "abbr", "b", "br", "code", "em", "i", "mark", "small", "span", "strong", "time"}
VOID = {"br"}
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
RESERVED = {"count", "counter", "with", "context", "trimmed", "asvar", "noop", "as", "and", "or", "not", "in", "is"}
# Text that is not words to translate: codes, marks and numbers.
NOT_WORDS = re.compile(r"^(&[a-z]+;|&#\d+;|[\W\d_])*$")
# Literal arguments a reader sees: a filter's default, or an include's or with's keyword.
DEFAULT_ARG = re.compile(r"""(\|default(?:_if_none)?:)(["'])((?:(?!\2).)*)\2""")
KWARG = re.compile(r"""(\s[a-z_]+=)(["'])((?:(?!\2).)*)\2""")
SKIP_BLOCKS = {"comment": "endcomment", "verbatim": "endverbatim", "blocktranslate": "endblocktranslate",
               "blocktrans": "endblocktrans"}  # fmt: skip


def _has_words(text):
    text = re.sub(r"<[^>]*>", "", text)
    return bool(re.search(r"[A-Za-z]", text)) and not NOT_WORDS.match(text)


def _reader_literal(value):
    """A literal argument a reader sees (words), not a path, URL name, format or data value."""
    if not re.search(r"[A-Za-z]", value) or re.search(r"\.(html|txt)$|^[a-z_]+:[a-z_]+$|^[a-z_]+$|^/", value):
        return False
    return " " in value or value[:1].isupper()


def _mark_literals(tag):
    """`|default:"Words"` -> `|default:_("Words")`, `with caption="Words"` -> `caption=_("Words")` in one tag."""
    if tag.startswith("{#") or re.match(r"{%\s*(load|url|extends|block|endblock|csrf_token|static)\b", tag):
        return tag

    def default(match):
        if not _reader_literal(match.group(3)):
            return match.group(0)
        return f"{match.group(1)}_({match.group(2)}{match.group(3)}{match.group(2)})"

    tag = DEFAULT_ARG.sub(default, tag)
    if re.match(r"{%\s*(include|with)\b", tag):
        tag = KWARG.sub(default, tag)
    return tag


class _Html:
    """Where the text so far leaves us: inside a tag (and which attribute's value), or in <script>/<style>."""

    def __init__(self, plain):
        self.plain = plain  # a .txt template: no HTML at all
        self.in_tag = False
        self.quote = ""
        self.raw = ""  # "script" or "style" while inside one

    def feed(self, text):
        if self.plain:
            return
        at = 0
        while at < len(text):
            if self.raw:
                end = text.find(f"</{self.raw}", at)
                if end < 0:
                    return
                self.raw, at = "", end
                continue
            if self.quote:
                end = text.find(self.quote, at)
                if end < 0:
                    return
                self.quote, at = "", end + 1
                continue
            if self.in_tag:
                match = re.compile(r"[\"'>]").search(text, at)
                if not match:
                    return
                if match.group() == ">":
                    self.in_tag = False
                    opened = re.search(r"<(script|style)\b[^<]*$", text[: match.start()])
                    if opened:
                        self.raw = opened.group(1)
                else:
                    self.quote = match.group()
                at = match.end()
                continue
            start = text.find("<", at)
            if start < 0:
                return
            self.in_tag, at = True, start + 1

    @property
    def outside(self):
        return not (self.in_tag or self.quote or self.raw)


def _pieces(source):
    return [piece for piece in TAG.split(source) if piece]


def _is_tag(piece):
    return piece.startswith(("{%", "{{", "{#")) and TAG.fullmatch(piece) is not None


def _block_name(piece):
    match = re.match(r"{%\s*(\w+)", piece)
    return match.group(1) if match else ""


def _var_name(expression, taken):
    """A name for a variable inside blocktranslate: the last word of its lookup (`meeting.title` -> `title`)."""
    base = re.split(r"[|:\s]", expression.strip(), maxsplit=1)[0]
    word = re.sub(r"\W", "_", base.rsplit(".", 1)[-1]).strip("_").lower() or "value"
    if word[0].isdigit() or word in RESERVED:
        word = f"n_{word}"
    name, n = word, 1
    while name in taken or name in RESERVED:
        n += 1
        name = f"{word}{n}"
    taken.add(name)
    return name


def _translate_text(text):
    if "\n" in text:  # a tag is one line: {% translate %} cannot hold a line break
        return "{% blocktranslate %}" + text + "{% endblocktranslate %}"
    if '"' not in text:
        return '{% translate "' + text + '" %}'
    if "'" not in text:
        return "{% translate '" + text + "' %}"
    return "{% blocktranslate %}" + text + "{% endblocktranslate %}"


def _inline_tags(text):
    """The HTML tags in a stretch of text: [(name, closing)], or None if a tag is not an inline one."""
    found = []
    for match in re.finditer(r"<(/?)([a-zA-Z0-9]+)[^>]*>", text):
        if match.group(2).lower() not in INLINE:
            return None
        found.append((match.group(2).lower(), bool(match.group(1))))
    return found


def _balanced(parts):
    stack = []
    for part in parts:
        if _is_tag(part):
            continue
        for name, closing in _inline_tags(part) or []:
            if name in VOID:
                continue
            if not closing:
                stack.append(name)
            elif not stack or stack.pop() != name:
                return False
    return not stack


def _run_markup(parts):
    """One run (text and {{ variables }}, inline tags inside the text) as marked template source."""
    text_only = "".join(p for p in parts if not _is_tag(p))
    if not _has_words(text_only):
        return "".join(parts)
    if not any(_is_tag(p) for p in parts) and not re.search(r"<[^>]*>", text_only):
        return _translate_text(text_only)
    taken, names, body = set(), [], []
    for part in parts:
        if _is_tag(part):
            expression = part[2:-2].strip()
            name = _var_name(expression, taken)
            names.append(f"{name}={expression}")
            body.append("{{ " + name + " }}")
        else:
            body.append(part)
    opening = "{% blocktranslate with " + " ".join(names) + " %}" if names else "{% blocktranslate %}"
    return opening + "".join(body) + "{% endblocktranslate %}"


def _edge_split(parts):
    """(lead, run, tail): whitespace, and inline tags that wrap the whole run or stand at its edges, outside."""
    joined = []
    for part in parts:  # the run as a list of text atoms (tags, words) and {{ }} pieces
        if _is_tag(part):
            joined.append(part)
        else:
            joined += [a for a in re.split(r"(<[^>]*>|^\s+|\s+$)", part) if a]
    lead, tail = [], []
    while joined:
        first, last = joined[0], joined[-1]
        if not _is_tag(first) and (first.isspace() or re.fullmatch(r"<br\s*/?>", first)):
            lead.append(joined.pop(0))
        elif not _is_tag(last) and (last.isspace() or re.fullmatch(r"<br\s*/?>", last)):
            tail.insert(0, joined.pop())
        elif (
            len(joined) > 1
            and re.fullmatch(r"<([a-zA-Z]+)[^>]*>", first)
            and last == f"</{re.match(r'<([a-zA-Z]+)', first).group(1)}>"
            and _balanced(joined[1:-1])
        ):
            lead.append(joined.pop(0))
            tail.insert(0, joined.pop())
        elif not _is_tag(first) and re.fullmatch(r"</[a-zA-Z]+>", first):
            lead.append(joined.pop(0))
        elif not _is_tag(last) and re.fullmatch(r"<[a-zA-Z][^>]*>", last):
            tail.insert(0, joined.pop())
        elif not _balanced(joined) and not _is_tag(last) and re.fullmatch(r"</[a-zA-Z]+>", last):
            tail.insert(0, joined.pop())  # closes a tag opened before the run
        elif not _balanced(joined) and not _is_tag(first) and re.fullmatch(r"<[a-zA-Z][^>]*>", first):
            lead.append(joined.pop(0))  # opens a tag closed after the run
        else:
            break
    return "".join(lead), joined, "".join(tail)


def _mark_run(parts):
    if not parts:
        return ""
    lead, run, tail = _edge_split(parts)
    if not run:
        return lead + tail
    if not _balanced(run):
        # Unbalanced inline tags: mark each stretch of words on its own.
        out = []
        for part in run:
            if _is_tag(part) or re.fullmatch(r"<[^>]*>|\s+", part):
                out.append(part)
            else:
                out.append(_mark_run([part]))
        return lead + "".join(out) + tail
    return lead + _run_markup(run) + tail


def _mark_attributes(text):
    def attribute(match):
        value = match.group(3)
        if not _has_words(value) or "{" in value:
            return match.group(0)
        quote = match.group(2)
        inner = "'" if quote == '"' else '"'  # the other quote inside, so the attribute reads plainly
        if inner in value or "\n" in value:
            return match.group(0)
        return f"{match.group(1)}={quote}{{% translate {inner}{value}{inner} %}}{quote}"

    names = "|".join(ATTRIBUTES)
    return re.sub(rf"""\b({names})=(["'])([^"'{{}}]*)\2""", attribute, text)


def mark(source, *, plain=False):
    """The template source with its words marked for translation (see the module's docstring)."""
    out, run = [], []
    html = _Html(plain)
    skip_until = None

    def flush():
        out.append(_mark_run(run))
        run.clear()

    for piece in _pieces(source):
        if _is_tag(piece):
            name = _block_name(piece)
            if skip_until:
                out.append(piece)
                if name == skip_until:
                    skip_until = None
                continue
            if name in SKIP_BLOCKS:
                flush()
                skip_until = SKIP_BLOCKS[name]
                out.append(piece)
            elif piece.startswith("{{") and html.outside:
                run.append(_mark_literals(piece))
            else:
                flush()
                out.append(_mark_literals(piece))
            continue
        if skip_until:
            out.append(piece)
            continue
        # Text: split at block-level tags (and blank lines in plain text); inline tags stay in the run.
        at = 0
        while at < len(piece):
            if not html.outside:
                # Inside a tag (or script/style) from an earlier piece: up to where it ends, as it is.
                end = at
                while end < len(piece) and not html.outside:
                    html.feed(piece[end])
                    end += 1
                out.append(_mark_attributes(piece[at:end]) if not html.raw else piece[at:end])
                at = end
                continue
            if plain:
                blank = piece.find("\n\n", at)
                if blank < 0:
                    run.append(piece[at:])
                    at = len(piece)
                else:
                    run.append(piece[at:blank])
                    flush()
                    out.append("\n\n")
                    at = blank + 2
                continue
            start = piece.find("<", at)
            if start < 0:
                run.append(piece[at:])
                at = len(piece)
                continue
            if start > at:
                run.append(piece[at:start])
            tag = re.match(r"<(/?)([a-zA-Z0-9]+)", piece[start:])
            end = piece.find(">", start)
            inline = tag and tag.group(2).lower() in INLINE
            if inline and end >= 0 and "<" not in piece[start + 1 : end]:
                run.append(_mark_attributes(piece[start : end + 1]))
                at = end + 1
                continue
            flush()
            # A block-level tag, a comment, a doctype, or an inline tag that a template tag splits: as it is.
            html.feed(piece[start])
            at = start + 1
            rest_end = at
            while rest_end < len(piece) and not html.outside:
                html.feed(piece[rest_end])
                rest_end += 1
            out.append(_mark_attributes(piece[start:rest_end]) if not html.raw else piece[start:rest_end])
            at = rest_end
    flush()
    marked = "".join(out)
    if marked != source:
        marked = _with_load(marked)
    return marked


def _with_load(source):
    """`{% load i18n %}` where it changes nothing the template renders."""
    if re.search(r"{%\s*load\b[^%]*\bi18n\b", source):
        return source
    extends = re.match(r"\s*{%\s*extends\b[^%]*%}\n?", source)
    load = re.search(r"{%\s*load\s+", source)
    if load and (not extends or load.start() >= extends.end()):
        return source[: load.end()] + "i18n " + source[load.end() :]
    if extends:
        newline = "" if source[extends.end() - 1] == "\n" else "\n"
        return source[: extends.end()] + "{% load i18n %}" + newline + source[extends.end() :]
    return "{% load i18n %}" + source


UNMARK_TRANSLATE = re.compile(r"""{% translate (["'])(.*?)\1 %}""", re.S)
UNMARK_BLOCK = re.compile(r"{% blocktranslate(?: with (.*?))? %}(.*?){% endblocktranslate %}", re.S)


def unmark(source):
    """A marked template back to its words: what `mark` added, taken away (to check that it changed nothing)."""
    source = re.sub(r"{% load i18n %}\n?", "", source)
    source = re.sub(r"({%\s*load\s+)i18n ", r"\1", source)
    source = UNMARK_TRANSLATE.sub(lambda m: m.group(2), source)

    def block(match):
        body = match.group(2)
        if match.group(1):
            for pair in _split_with(match.group(1)):
                name, expression = pair.split("=", 1)
                body = body.replace("{{ " + name + " }}", "{{ " + expression + " }}", 1)
        return body

    source = UNMARK_BLOCK.sub(block, source)
    source = re.sub(r"""_\((["'])(.*?)\1\)""", r"\1\2\1", source)
    return re.sub(r"{{\s*(.*?)\s*}}", r"{{ \1 }}", source)  # spacing inside {{ }} renders the same


def _split_with(text):
    """`a=x b=y|date:"j F Y"` -> ['a=x', 'b=y|date:"j F Y"'] (spaces inside quotes kept)."""
    return re.findall(r"""\w+=(?:"[^"]*"|'[^']*'|[^\s"'])+""", text)


def templates(paths=()):
    chosen = [Path(p).resolve() for p in paths] or sorted(TEMPLATES.rglob("*"))
    return [p for p in chosen if p.is_file() and p.suffix in (".html", ".txt")]


def mark_file(path):
    """(original, marked) for one template file; raises if the marking would change what it renders."""
    source = path.read_text()
    marked = mark(source, plain=path.suffix == ".txt")
    if unmark(marked) != unmark(source):
        raise ValueError(f"{path}: marking would change what it renders")
    return source, marked


def main(argv):
    check = "--check" in argv
    paths = [a for a in argv if a != "--check"]
    changed = []
    for path in templates(paths):
        source, marked = mark_file(path)
        if marked != source:
            changed.append(path.relative_to(ROOT))
            if not check:
                path.write_text(marked)
    for path in changed:
        print(f"{'not marked' if check else 'marked'}: {path}")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
