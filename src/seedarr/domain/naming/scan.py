"""Tokenising a file, folder or scene name the way the naming spec §2 says, into a :class:`ParsedName`.

Steps: strip the extension and bracketed site tags, split off the group (§7), match compounds
(``WEB-DL``, ``DTS-HD.MA``, ``H.264``, ``S01E01-E03``…) as one token, split the rest on separators, find the
year (the last ``19xx``/``20xx`` before the first technical token or season marker), and read technical
tokens only **after** the title region, whole and case-insensitively. Pure and deterministic; guessit's
opinions are added by :mod:`seedarr.metadata.parse`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from seedarr.domain.identity import NameOrigin, ParsedName, SourceKind
from seedarr.domain.naming.group import split_group
from seedarr.domain.naming.vocabulary import COMPOUNDS_RE, SEASON_RE, Classified, classify, is_strong

__all__ = ["is_generic_name", "scan_name", "strip_extension", "tokenise"]

_SEPARATORS = frozenset(".  _-[](){}\t")
_EXTENSIONS = frozenset({
    "mkv", "mp4", "m4v", "avi", "ts", "m2ts", "mts", "mov", "wmv", "mpg", "mpeg", "vob", "webm", "iso",
    "divx", "flv", "ogv", "nfo", "torrent", "srt",
})  # fmt: skip
_TRAILING_TAG_RE = re.compile(r"\s*[\[({]([^\[\](){}]*)[\])}]\s*$")
_LEADING_TAG_RE = re.compile(r"^\s*\[[^\]]*\]\s*")
_YEAR_RE = re.compile(r"^(19\d{2}|20\d{2})$")
_CROSS_RE = re.compile(r"^(\d{1,2})x(\d{2,3})$", re.IGNORECASE)
_EPISODE_RE = re.compile(r"^E(\d{1,4})$", re.IGNORECASE)
_GENERIC_RE = re.compile(r"^(movie|film|video|sample|episode|[0-9a-f]{16,}|\d+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int


def strip_extension(name: str, origin: NameOrigin) -> str:
    """``name`` without a media extension; folders and scene names keep ``.ts`` (it may mean telesync)."""
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and suffix.lower() in _EXTENSIONS and (origin == "file" or suffix.lower() != "ts"):
        return stem
    return name


def _strip_site_tags(text: str) -> str:
    text = _LEADING_TAG_RE.sub("", text)
    while (match := _TRAILING_TAG_RE.search(text)) and not _YEAR_RE.match(match.group(1).strip()):
        text = text[: match.start()]
    return text.strip()


def _tokens(text: str) -> list[_Tok]:
    found: list[_Tok] = []
    i = 0
    while i < len(text):
        if text[i] in _SEPARATORS:
            i += 1
            continue
        match = COMPOUNDS_RE.match(text, i)
        if match and (match.end() == len(text) or text[match.end()] in _SEPARATORS):
            found.append(_Tok(match.group(), i, match.end()))
            i = match.end()
            continue
        j = i
        while j < len(text) and text[j] not in _SEPARATORS:
            j += 1
        found.append(_Tok(text[i:j], i, j))
        i = j
    return found


def tokenise(text: str) -> list[str]:
    """The tokens of ``text``: compounds whole, the rest split on ``. _ - [ ] ( ) { }`` and spaces."""
    return [t.text for t in _tokens(text)]


def is_generic_name(stem: str) -> bool:
    """A name that says nothing about the release (``movie``, a hash): use the parent folder instead."""
    return bool(_GENERIC_RE.match(stem.strip()))


def _season_marker(tokens: list[_Tok], i: int) -> tuple[int | None, tuple[int, ...], int] | None:
    """(season, episodes, tokens used) when a season marker starts at ``i``."""
    word = tokens[i].text
    if match := SEASON_RE.match(word):
        numbers = [int(n) for n in re.findall(r"\d+", match.group(2))]
        if "-" in match.group(2) and len(numbers) == 2 and numbers[0] < numbers[1]:
            numbers = list(range(numbers[0], numbers[1] + 1))
        used = 1
        while not numbers and i + used < len(tokens) and (ep := _EPISODE_RE.match(tokens[i + used].text)):
            numbers.append(int(ep.group(1)))
            used += 1
        return int(match.group(1)), tuple(numbers), used
    if match := _CROSS_RE.match(word):
        return int(match.group(1)), (int(match.group(2)),), 1
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if word.casefold() in {"saison", "season"} and nxt.isdigit() and len(nxt) <= 3:
        after = tokens[i + 2 : i + 4]
        if len(after) == 2 and after[0].text.casefold() in {"episode", "épisode"} and after[1].text.isdigit():
            return int(nxt), (int(after[1].text),), 4
        return int(nxt), (), 2
    if word.casefold() in {"episode", "épisode"} and nxt.isdigit() and len(nxt) <= 4:
        return None, (int(nxt),), 2
    if i > 0 and (ep := _EPISODE_RE.match(word)) and len(ep.group(1)) >= 2:
        return None, (int(ep.group(1)),), 1
    return None


def _title_text(text: str, tokens: list[_Tok]) -> str | None:
    if not tokens:
        return None
    span = text[tokens[0].start : tokens[-1].end]
    span = re.sub(r"[._\[\](){}]+", " ", span)
    return re.sub(r"\s+", " ", span).strip(" -") or None


def _bounds(tokens: list[_Tok], classes: list[Classified | None]) -> tuple[int, int | None]:
    """(end of the title region, index of the year or None)."""
    count = len(tokens)
    marker = next((i for i in range(count) if _season_marker(tokens, i)), count)
    strong = next((i for i in range(1, count) if (c := classes[i]) is not None and is_strong(c)), count)
    weak = next((i for i in range(1, count) if classes[i] is not None), count)
    limit = min(marker, strong)
    years = [i for i in range(limit) if _YEAR_RE.match(tokens[i].text)]
    if years and years[-1] > 0:
        return years[-1], years[-1]
    return (min(marker, weak) if not years else max(min(marker, weak), 1)), None


def scan_name(raw: str, origin: NameOrigin, known_groups: tuple[str, ...] = ()) -> ParsedName:
    """What ``raw`` says, by the spec's tokenising rules (no guessit). Title is None for generic names."""
    stem = _strip_site_tags(strip_extension(raw.strip(), origin))
    split = split_group(stem, known_groups)
    text = split.rest
    tokens = _tokens(text)
    classes = [classify(t.text) for t in tokens]
    end, year_index = _bounds(tokens, classes)
    title = None if is_generic_name(stem) else _title_text(text, tokens[:end])
    fields: dict[str, object] = {"title": title, "group": split.group}
    if year_index is not None:
        fields["year"] = int(tokens[year_index].text)
        fields["year_after_title"] = True
    i = end + (1 if year_index is not None else 0)
    collected: dict[str, list[Classified]] = {}
    while i < len(tokens):
        marker = _season_marker(tokens, i)
        if marker is not None and "episodes" not in fields:
            fields["season"], fields["episodes"] = marker[0], marker[1]
            i += marker[2]
            continue
        if classes[i] is not None:
            item = classes[i]
            assert item is not None
            collected.setdefault(item.kind, []).append(item)
        i += 1
    fields.update(_technical(collected))
    if "episodes" in fields:
        fields["media_type"] = "episode"
    return ParsedName(raw=raw, origin=origin, **fields)  # type: ignore[arg-type]


def _first(collected: dict[str, list[Classified]], kind: str) -> Classified | None:
    items = collected.get(kind)
    return items[0] if items else None


def _technical(collected: dict[str, list[Classified]]) -> dict[str, object]:
    fields: dict[str, object] = {}
    resolution = _first(collected, "resolution") or _first(collected, "resolution_hint")
    if resolution is not None:
        fields["resolution"] = resolution.value
    source = _first(collected, "source")
    if source is not None:
        kind: SourceKind = source.value  # type: ignore[assignment]
        fields["source"], fields["source_token"] = kind, source.written
    fields["remux"] = bool(collected.get("remux")) or bool(source and source.remux)
    if (light := _first(collected, "light")) is not None:
        fields["light"] = light.written
    if (video := _first(collected, "video_codec")) is not None:
        fields["video_codec"] = video.value
    audio = [a for a in collected.get("audio_codec", []) if a.value != "Atmos"]
    if audio:
        fields["audio_codec"] = audio[0].value
    hdr = [h.value for h in collected.get("hdr", [])]
    fields["hdr"] = tuple(dict.fromkeys(sorted(hdr, key=lambda v: v != "DV")))
    fields["language_tags"] = tuple(dict.fromkeys(c.value for c in collected.get("language", [])))
    fields["editions"] = tuple(dict.fromkeys(c.value for c in collected.get("edition", [])))
    if (repack := _first(collected, "repack")) is not None:
        fields["repack"] = repack.value
    if (service := _first(collected, "service")) is not None:
        fields["service"] = service.value
    return fields
