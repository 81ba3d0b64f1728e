"""Language codes: every spelling a media file or a person uses, reduced to ISO 639-1.

Media files name languages as ISO 639-2/B (``fre``), ISO 639-2/T or 639-3 (``fra``), BCP 47 tags with a
region (``fr-CA``), English or native names (``French``, ``Français``). :func:`to_iso639_1` turns all of them
into the two-letter code the rest of Seedarr uses (``fr``), or ``None`` for unknown, undetermined (``und``),
"no linguistic content" (``zxx``) and "multiple" (``mul``). :func:`language_region` keeps the region of a
tag (``CA`` in ``fr-CA``), which decides a French dub's variant (VFF/VFQ).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["UNDETERMINED_CODES", "language_name", "language_region", "to_iso639_1"]

UNDETERMINED_CODES = frozenset({"und", "zxx", "mul", "mis", "qaa", "unknown", "undetermined", "none"})

# ISO 639-1, the three-letter codes (639-2/B, 639-2/T, common 639-3), then names (English first).
_TABLE: tuple[tuple[str, str, str], ...] = (
    ("ar", "ara arb", "Arabic|arabe|العربية"),
    ("bg", "bul", "Bulgarian|bulgare"),
    ("bn", "ben", "Bengali|bengali|bangla"),
    ("bs", "bos", "Bosnian|bosnien"),
    ("ca", "cat", "Catalan|català"),
    ("cs", "cze ces", "Czech|tchèque|čeština"),
    ("cy", "wel cym", "Welsh|gallois"),
    ("da", "dan", "Danish|danois|dansk"),
    ("de", "ger deu gsw", "German|allemand|deutsch"),
    ("el", "gre ell", "Greek|grec|ελληνικά"),
    ("en", "eng", "English|anglais"),
    ("es", "spa", "Spanish|espagnol|español|castellano|castilian"),
    ("et", "est", "Estonian|estonien|eesti"),
    ("eu", "baq eus", "Basque"),
    ("fa", "per fas pes", "Persian|persan|farsi"),
    ("fi", "fin", "Finnish|finnois|suomi"),
    ("fr", "fre fra frc", "French|français|francais|francés"),
    ("ga", "gle", "Irish|irlandais"),
    ("gl", "glg", "Galician|galicien"),
    ("he", "heb", "Hebrew|hébreu|עברית"),
    ("hi", "hin", "Hindi"),
    ("hr", "hrv", "Croatian|croate|hrvatski"),
    ("hu", "hun", "Hungarian|hongrois|magyar"),
    ("id", "ind", "Indonesian|indonésien|bahasa indonesia"),
    ("is", "ice isl", "Icelandic|islandais"),
    ("it", "ita", "Italian|italien|italiano"),
    ("ja", "jpn", "Japanese|japonais|日本語"),
    ("ka", "geo kat", "Georgian|géorgien"),
    ("kk", "kaz", "Kazakh"),
    ("km", "khm", "Khmer"),
    ("kn", "kan", "Kannada"),
    ("ko", "kor", "Korean|coréen|한국어"),
    ("la", "lat", "Latin"),
    ("lt", "lit", "Lithuanian|lituanien"),
    ("lv", "lav", "Latvian|letton"),
    ("mk", "mac mkd", "Macedonian|macédonien"),
    ("ml", "mal", "Malayalam"),
    ("mn", "mon", "Mongolian|mongol"),
    ("mr", "mar", "Marathi"),
    ("ms", "may msa zsm", "Malay|malais"),
    ("nb", "nob", "Norwegian Bokmål|bokmål"),
    ("nl", "dut nld", "Dutch|néerlandais|nederlands|flemish|flamand"),
    ("nn", "nno", "Norwegian Nynorsk|nynorsk"),
    ("no", "nor", "Norwegian|norvégien|norsk"),
    ("pa", "pan", "Punjabi|panjabi"),
    ("pl", "pol", "Polish|polonais|polski"),
    ("pt", "por", "Portuguese|portugais|português|brazilian"),
    ("ro", "rum ron mol", "Romanian|roumain|română"),
    ("ru", "rus", "Russian|russe|русский"),
    ("sk", "slo slk", "Slovak|slovaque"),
    ("sl", "slv", "Slovenian|slovène|slovenščina"),
    ("sq", "alb sqi", "Albanian|albanais"),
    ("sr", "srp", "Serbian|serbe|srpski"),
    ("sv", "swe", "Swedish|suédois|svenska"),
    ("sw", "swa swh", "Swahili"),
    ("ta", "tam", "Tamil|tamoul"),
    ("te", "tel", "Telugu|télougou"),
    ("th", "tha", "Thai|thaï|ไทย"),
    ("tl", "tgl fil", "Tagalog|filipino"),
    ("tr", "tur", "Turkish|turc|türkçe"),
    ("uk", "ukr", "Ukrainian|ukrainien|українська"),
    ("ur", "urd", "Urdu|ourdou"),
    ("vi", "vie", "Vietnamese|vietnamien|tiếng việt"),
    ("zh", "chi zho cmn", "Chinese|chinois|mandarin|中文"),
)


def _fold(text: str) -> str:
    """Lower case without accents, so ``Français`` and ``francais`` meet."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_BY_KEY: dict[str, str] = {}
_NAMES: dict[str, str] = {}
for _code, _codes, _names in _TABLE:
    _BY_KEY[_code] = _code
    _NAMES[_code] = _names.split("|", 1)[0]
    for _key in _codes.split():
        _BY_KEY[_key] = _code
    for _name in _names.split("|"):
        _BY_KEY[_fold(_name)] = _code

_TAG_RE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?(?:[-_].*)?$")


def to_iso639_1(value: str | None) -> str | None:
    """The ISO 639-1 code of a language code, BCP 47 tag or name; ``None`` if unknown or undetermined.

    >>> to_iso639_1("fre"), to_iso639_1("fr-CA"), to_iso639_1("Français"), to_iso639_1("und")
    ('fr', 'fr', 'fr', None)
    """
    if not value:
        return None
    folded = _fold(value)
    if not folded or folded in UNDETERMINED_CODES:
        return None
    if folded in _BY_KEY:
        return _BY_KEY[folded]
    match = _TAG_RE.match(folded)
    if match:
        return _BY_KEY.get(match.group(1))
    # "French (Canada)", "English SDH": the first word is the language name
    first = re.split(r"[\s(/,;]+", folded, maxsplit=1)[0]
    return _BY_KEY.get(first)


def language_region(value: str | None) -> str | None:
    """The region subtag of a BCP 47 tag, upper case (``fr-CA`` → ``CA``, ``es-419`` → ``419``), else None."""
    if not value:
        return None
    match = _TAG_RE.match(value.strip())
    if not match or match.group(3) is None:
        return None
    return match.group(3).upper()


def language_name(code: str | None) -> str:
    """The English name of an ISO 639-1 code (``fr`` → ``French``); the code itself if not in the table."""
    if not code:
        return "Undetermined"
    return _NAMES.get(code, code)
