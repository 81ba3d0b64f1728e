"""``/api/v1/filesystem``: browse folders inside the configured media roots (the UI's path picker)."""

from __future__ import annotations

import os
from typing import Literal

from fastapi import APIRouter, Query

from seedarr.errors import ValidationFailed
from seedarr.validation import confine_to_roots
from seedarr.web.deps import State
from seedarr.web.schemas import ApiModel, ValidationFailure, with_example

__all__ = ["router"]

router = APIRouter(tags=["filesystem"])


class FilesystemEntry(ApiModel):
    name: str
    path: str
    type: Literal["folder", "file"]
    size: int | None = None


class FilesystemListing(ApiModel):
    model_config = with_example(
        {
            "path": "/media/Films",
            "parent": "/media",
            "directories": [{"name": "Film (2024)", "path": "/media/Films/Film (2024)", "type": "folder"}],
            "files": [{"name": "notes.txt", "path": "/media/Films/notes.txt", "type": "file", "size": 120}],
        }
    )
    path: str | None
    parent: str | None
    directories: list[FilesystemEntry]
    files: list[FilesystemEntry]


@router.get(
    "/filesystem",
    summary="List a folder inside the media roots",
    description="Without `path`, lists the configured media roots. A path is resolved (symlinks included) "
    "and must stay inside a media root: `../`, symlinks pointing out, sibling prefixes (`/media2` next to "
    "`/media`) and invisible Unicode are refused with a 422 naming the field.",
    response_model=FilesystemListing,
    responses={
        422: {"model": list[ValidationFailure], "description": "The path is invalid or outside the roots."}
    },
)
def list_folder(
    state: State,
    path: str | None = Query(
        default=None, description="Absolute path of a folder inside a media root.", examples=["/media/Films"]
    ),
    include_files: bool = Query(default=True, alias="includeFiles"),
) -> FilesystemListing:
    roots = state.settings.media.roots
    if path is None or path == "":
        return FilesystemListing(
            path=None,
            parent=None,
            directories=[FilesystemEntry(name=str(r), path=str(r), type="folder") for r in roots],
            files=[],
        )
    folder = confine_to_roots(path, roots)
    if not folder.is_dir():
        raise ValidationFailed("path", "is not an existing folder", path)
    directories: list[FilesystemEntry] = []
    files: list[FilesystemEntry] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.casefold())
    except OSError as exc:
        raise ValidationFailed("path", f"cannot be read ({exc.strerror})", path) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            confine_to_roots(entry.path, roots)
        except ValidationFailed:
            continue  # a symlink pointing out of the roots is not shown
        if entry.is_dir():
            directories.append(FilesystemEntry(name=entry.name, path=entry.path, type="folder"))
        elif include_files and entry.is_file():
            files.append(
                FilesystemEntry(name=entry.name, path=entry.path, type="file", size=entry.stat().st_size)
            )
    resolved_roots = [r.resolve() for r in roots]
    parent = None if folder in resolved_roots else str(folder.parent)
    return FilesystemListing(path=str(folder), parent=parent, directories=directories, files=files)
