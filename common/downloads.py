"""The one way a stored file leaves the app: as an attachment, never sniffed, never cached on the way."""

from django.http import FileResponse, HttpResponse


def _harden(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def file_download(field_file, *, filename, content_type="application/pdf"):
    """A stored file (a FieldFile) for whoever the caller has already checked may read it."""
    return _harden(
        FileResponse(field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    )


def bytes_download(content, *, filename, content_type="application/pdf"):
    """Bytes made for this request (e.g. a PDF rendered now), as an attachment."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _harden(response)
