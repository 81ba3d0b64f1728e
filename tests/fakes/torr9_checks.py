"""The upload form rules of the torr9 fake (trackers spec §3.1): field names, types, labels and ids.

:func:`read_form` takes the multipart items apart (unknown or doubled fields, files where text belongs,
the NFO as a file or a text field, required fields, the ``.torrent`` named ``{title}.torrent``, valid,
private and carrying the site's ``source``); :func:`check_fields` checks the text values (category and
subcategory labels, ``resolution_id``/``type_id`` among the known ints, ``tags`` as a comma-separated
string, ``"true"``/``"false"`` flags, id formats). Both raise :class:`Refused`, the site's error answer.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.datastructures import UploadFile
from starlette.responses import JSONResponse

from seedarr.media.torrent.errors import TorrentFileError
from seedarr.media.torrent.metainfo import parse_metainfo

__all__ = ["CATEGORIES", "Refused", "check_fields", "read_form"]

TEXT_FIELDS = {"title", "description", "category", "subcategory", "tags", "is_exclusive", "is_anonymous",
               "tmdb_id", "imdb_id", "tvdb_id", "mal_id", "igdb_id", "resolution_id", "type_id",
               "stream"}  # fmt: skip
REQUIRED = (
    "torrent_file",
    "title",
    "description",
    "nfo",
    "category",
    "subcategory",
    "resolution_id",
    "type_id",
)
DIGITS = ("tmdb_id", "tvdb_id", "mal_id", "igdb_id")
CATEGORIES = {
    "Films": ["Films", "Films d'animation", "Documentaires", "Concert", "Spectacle", "Sport", "Vidéo-clips"],
    "Séries": ["Séries TV", "Emission TV", "Séries Animées", "Mangas-Animes"],
    "Audio": ["Musique"],
}


class Refused(Exception):
    """An error answer: ``{"error": …}`` (a 200 also says ``"success": false``)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        body: dict[str, Any] = {"error": message} if status != 200 else {"success": False, "error": message}
        self.response = JSONResponse(body, status_code=status, headers=headers)


async def read_form(
    items: list[tuple[str, Any]], *, nfo_mode: str, source: str
) -> tuple[dict[str, str], bytes, bytes]:
    """The text fields, the .torrent and the NFO of an upload form; Refused says what is wrong."""
    fields: dict[str, str] = {}
    files: dict[str, UploadFile] = {}
    for name, value in items:
        if name not in TEXT_FIELDS | {"torrent_file", "nfo"}:
            raise Refused(400, f"Unknown field: {name}")
        if name in fields or name in files:
            raise Refused(400, f"Field sent twice: {name}")
        if isinstance(value, UploadFile):
            if name not in ("torrent_file", "nfo"):
                raise Refused(422, f"{name} must not be a file")
            files[name] = value
        elif name == "torrent_file":
            raise Refused(422, "torrent_file must be a file")
        else:
            fields[name] = value
    if "nfo" in files and nfo_mode == "text":
        raise Refused(422, "nfo must be a text field")
    if "nfo" in fields and nfo_mode == "file":
        raise Refused(422, "nfo must be a file")
    missing = [n for n in REQUIRED if n not in fields and n not in files]
    if missing:
        raise Refused(422, f"Missing field: {missing[0]}")
    torrent = files["torrent_file"]
    if torrent.filename != f"{fields['title']}.torrent" or torrent.content_type != "application/x-bittorrent":
        raise Refused(422, "torrent_file must be {title}.torrent of type application/x-bittorrent")
    data = await torrent.read()
    try:
        meta = parse_metainfo(data)
    except TorrentFileError as exc:
        raise Refused(422, f"Invalid torrent: {exc}") from None
    if not meta.private:
        raise Refused(422, "The torrent must be private")
    if meta.source != source:
        raise Refused(422, f"The torrent source must be {source}")
    nfo = await files["nfo"].read() if "nfo" in files else fields["nfo"].encode()
    if not nfo.strip():
        raise Refused(422, "The NFO is empty")
    return fields, data, nfo


def check_fields(
    f: dict[str, str], *, categories: dict[str, list[str]], resolutions: set[int], types: set[int]
) -> None:
    """Labels, ids, tags, flags and id formats of the text fields; Refused at the first problem."""
    if f["category"] not in categories:
        raise Refused(422, f"Unknown category: {f['category']}")
    if f["subcategory"] not in categories[f["category"]]:
        raise Refused(422, f"Unknown subcategory for {f['category']}: {f['subcategory']}")
    for name, allowed in (("resolution_id", resolutions), ("type_id", types)):
        if not f[name].isdigit() or int(f[name]) not in allowed:
            raise Refused(422, f"Invalid {name}: {f[name]}")
    tags = f.get("tags")
    if tags is not None and (tags.lstrip().startswith("[") or any(not t.strip() for t in tags.split(","))):
        raise Refused(422, "tags must be a comma-separated string")
    for name in ("is_exclusive", "is_anonymous"):
        if name in f and f[name] not in ("true", "false"):
            raise Refused(422, f"{name} must be true or false")
    for name in DIGITS:
        if name in f and not f[name].isdigit():
            raise Refused(422, f"{name} must be a number")
    if "imdb_id" in f and not re.fullmatch(r"tt\d{7,}", f["imdb_id"]):
        raise Refused(422, "imdb_id must look like tt0123456")
    if f.get("stream", "0") not in ("0", "1"):
        raise Refused(422, "stream must be 0 or 1")
    if not f["title"].strip() or not f["description"].strip():
        raise Refused(422, "title and description must not be empty")
