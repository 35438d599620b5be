"""The one cleaner for every PDF we store or serve: nothing left in it runs, opens, submits, launches or carries a file.

An allow-list, not a hunt for known tricks. A fresh document is made from the pages alone, so nothing of the
original catalog comes across: no open action, document actions, names tree (scripts, attached files,
destinations), form (fields, XFA), outlines, portfolio or URI base. Then every object the pages brought with
them is walked, whatever refers to it:

- trigger actions (`/AA`, on pages, annotations and form fields) go; so do `/JS` keys wherever they are;
- an action (`/A`, `/PA`, each step of a `/Next` chain, as a dictionary or an array) stays only if it is a jump
  within the file (`/GoTo`), a web or mail link (`/URI` with http, https or mailto, spaces and control characters
  ignored) or a page-turning named action; any other action is emptied where it lies, so whatever else refers
  to it finds nothing to run;
- annotations that play or carry something (file attachments, sound, movie, screen, rich media, 3D) are dropped
  from their page; form widgets keep their look and lose their actions;
- file specifications lose their embedded files (`/EF`, `/RF`).

The pages are then copied once more into another fresh document, so what was cut off is not even written, and
that document is checked (`problems`): anything active still in it means the file is refused, not stored.

Partners' papers are cleaned before they are stored (`meetings.services.paper_upload`) and again as they are
merged into an agenda pack, assurance evidence before it is stored; `common.uploads.accepted_upload` is the one
way an upload is checked and cleaned.
"""

import io
import re

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

# Keys removed wherever they appear: triggers, scripts, forms' XML, attached files and their holders.
REMOVED_KEYS = frozenset(
    {"/AA", "/JS", "/OpenAction", "/JavaScript", "/EmbeddedFiles", "/EF", "/RF", "/XFA", "/AcroForm",
     "/RichMediaContent", "/RichMediaSettings", "/Collection"}
)  # fmt: skip
# Keys whose value is an action (or, for /Next in an action, one or an array of actions).
ACTION_KEYS = ("/A", "/PA", "/Next")
SAFE_ACTIONS = frozenset({"/GoTo", "/URI", "/Named"})
SAFE_NAMED = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
DROPPED_ANNOTATIONS = frozenset({"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]+")


class Unreadable(Exception):
    """The file is not a PDF we can read (or clean), so we cannot vouch that it runs nothing."""


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def safe_uri(uri):
    """True for an absolute http, https or mailto link; tabs, newlines and control characters don't hide a scheme."""
    text = _INVISIBLE.sub("", str(uri)).lower()
    match = _SCHEME.match(text)
    return bool(match) and match.group(1) in SAFE_SCHEMES


def _safe_action(action):
    action = _resolve(action)
    if not isinstance(action, DictionaryObject):
        return False
    kind = action.get("/S")
    if kind not in SAFE_ACTIONS:
        return False
    if kind == "/URI":
        return safe_uri(action.get("/URI", ""))
    if kind == "/Named":
        return action.get("/N") in SAFE_NAMED
    return True


def _neutralise(action):
    """Empty an unsafe action where it lies: anything else pointing at it finds nothing to do."""
    action = _resolve(action)
    if isinstance(action, DictionaryObject) and not isinstance(action, StreamObject):
        action.clear()


def _action_keys(holder):
    # /Next chains an action to the next one; in an outline item it is the next item, not an action.
    return ACTION_KEYS if "/S" in holder else ACTION_KEYS[:2]


def _clean_actions(holder):
    for key in _action_keys(holder):
        if key not in holder:
            continue
        value = _resolve(holder[key])
        if isinstance(value, ArrayObject):  # /Next may be an array of actions
            kept = [step for step in value if _safe_action(step)]
            for step in value:
                if not _safe_action(step):
                    _neutralise(step)
            if kept:
                value.clear()
                value.extend(kept)
            else:
                del holder[NameObject(key)]
        elif not _safe_action(value):
            _neutralise(value)
            del holder[NameObject(key)]


def _clean_annotations(page):
    annots = _resolve(page.get("/Annots"))
    if not isinstance(annots, ArrayObject):
        return
    kept = []
    for ref in annots:
        annot = _resolve(ref)
        if isinstance(annot, DictionaryObject) and annot.get("/Subtype") in DROPPED_ANNOTATIONS:
            annot.clear()
            continue
        kept.append(ref)
    annots.clear()
    annots.extend(kept)


def _is_action(value):
    return isinstance(value, DictionaryObject) and value.get("/Type") == "/Action"


def _clean_dictionary(value):
    for key in list(value.keys()):
        if key in REMOVED_KEYS:
            del value[key]
    if _is_action(value) and not _safe_action(value):
        value.clear()  # an action met on its own, wherever it is referred to from: emptied
        return
    if value.get("/Subtype") in DROPPED_ANNOTATIONS:
        value.clear()
        return
    _clean_actions(value)
    if "/Annots" in value:
        _clean_annotations(value)


def _walk(value, seen):
    """Clean `value` and everything directly inside it (indirect objects are cleaned as entries of their own)."""
    if isinstance(value, IndirectObject) or id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, DictionaryObject):
        _clean_dictionary(value)
        for child in list(value.values()):
            _walk(child, seen)
    elif isinstance(value, ArrayObject):
        for child in list(value):
            _walk(child, seen)


def _objects(writer):
    return [obj for obj in writer._objects if obj is not None]


def _unsafe_steps(value):
    """The steps of an action value that would do something unsafe. A dictionary without /S does nothing (the /A of
    a tagged PDF's structure element holds its attributes, not an action), so only those with an unsafe /S count."""
    value = _resolve(value)
    steps = value if isinstance(value, ArrayObject) else [value]
    return [
        step
        for step in map(_resolve, steps)
        if isinstance(step, DictionaryObject) and "/S" in step and not _safe_action(step)
    ]


def problems(writer):
    """What in a writer's objects could still run, open or carry a file: empty for a clean document."""
    found = []
    seen = set()

    def check(value, where):
        if isinstance(value, IndirectObject) or id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, DictionaryObject):
            # list(keys()): iterating an outline gives its items, not its keys
            found.extend(f"{where}: {key}" for key in list(value.keys()) if key in REMOVED_KEYS)
            if _is_action(value) and not _safe_action(value):
                found.append(f"{where}: action {value.get('/S')}")
            for key in _action_keys(value):
                if key in value:
                    found.extend(f"{where}: unsafe {key}" for _step in _unsafe_steps(value[key]))
            if value.get("/Subtype") in DROPPED_ANNOTATIONS:
                found.append(f"{where}: annotation {value.get('/Subtype')}")
            if value.get("/Type") == "/EmbeddedFile":
                found.append(f"{where}: embedded file")
            for child in value.values():
                check(child, where)
        elif isinstance(value, ArrayObject):
            for child in value:
                check(child, where)

    for number, obj in enumerate(writer._objects, start=1):
        if obj is not None:
            check(obj, f"object {number}")
    return found


def clean_reader(reader):
    """A writer with the reader's pages and nothing of the file that runs, opens, submits, launches or attaches."""
    staging = PdfWriter()
    for page in reader.pages:
        staging.add_page(page)
    seen = set()
    for obj in _objects(staging):
        _walk(obj, seen)
    clean = PdfWriter()
    for page in staging.pages:
        clean.add_page(page)
    left = problems(clean)
    if left:
        raise Unreadable("active content could not be removed: " + ", ".join(left[:5]))
    return clean


def _reader(content):
    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (PyPdfError, NotImplementedError, ValueError) as error:
            raise Unreadable(f"it is encrypted ({error})") from error
        if not opened:
            raise Unreadable("it needs a password to open")
    return reader


def clean_bytes(content):
    """The cleaned PDF's bytes; `Unreadable` if it cannot be parsed or cleaned."""
    try:
        writer = clean_reader(_reader(content))
        out = io.BytesIO()
        writer.write(out)
    except Unreadable:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise Unreadable(str(error)) from error
    return out.getvalue()


def clean_pdf(content):
    """A `PdfReader` of the cleaned PDF, for merging."""
    return PdfReader(io.BytesIO(clean_bytes(content)))


def refuse_if_active(writer):
    """For a PDF we assemble ourselves (an agenda pack): raise `Unreadable` if anything active got into it."""
    left = problems(writer)
    if left:
        raise Unreadable("active content in an assembled PDF: " + ", ".join(left[:5]))
