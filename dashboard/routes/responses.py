"""The two kinds of non-page answers: a file to save, and a short plain-text message for a bad request."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, request


def answer_lang() -> str:
    """The language of an error answer: the view's own (?lang=en), Danish otherwise."""
    return "en" if request.args.get("lang") == "en" else "da"


def plain(status: int, message: str) -> Response:
    """text/plain and nosniff: a message may repeat a URL value, which must never be read as HTML."""
    response = Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def attachment(body: bytes, mimetype: str, file_name: str) -> Response:
    """A download with its name; a name with Danish letters also goes as UTF-8 (RFC 6266 `filename*`), with an
    ASCII stand-in for old clients."""
    ascii_name = file_name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    disposition = f'attachment; filename="{ascii_name}"'
    if ascii_name != file_name:
        disposition += f"; filename*=UTF-8''{quote(file_name)}"
    response = Response(body, status=200, content_type=mimetype)
    response.headers["Content-Disposition"] = disposition
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
