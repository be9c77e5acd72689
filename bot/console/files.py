"""Files the console hands the browser: reports, the ledger, evidence."""
import mimetypes
from urllib.parse import quote

from aiohttp import web

# pictures shown in the page (a PDF opens in the browser too); any other file, an SVG (which may carry script)
# included, is downloaded
PHOTOS = ("image/png", "image/jpeg", "image/gif", "image/webp")


def file_response(data: bytes, name: str, mime: str = "", inline: bool = False) -> web.Response:
    """The bytes under their Chinese file name (RFC 6266's filename*), shown in the page or downloaded."""
    mime = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return web.Response(body=data, content_type=mime, headers={
        "Content-Disposition": f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(name)}"})
