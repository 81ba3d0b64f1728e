"""Torznab XML parsing: items, caps, errors, and what is refused before parsing (trackers spec §5)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakes.torznab import FakeTorznab, TorznabRelease
from seedarr.trackers.torznab_xml import (
    TorznabXmlError,
    error_of,
    parse_caps,
    parse_items,
    parse_xml,
)

NEWZNAB_FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/">
<channel><item>
  <title>Un.Film.2020.720p.BluRay.x264-GRP</title>
  <guid isPermaLink="false">a1b2</guid>
  <link>https://jackett.example/dl/1?jackett_apikey=SECRET</link>
  <pubDate>not a date</pubDate>
  <category>2040</category>
  <enclosure url="https://jackett.example/dl/1?jackett_apikey=SECRET" length="734003200"
             type="application/x-bittorrent"/>
  <newznab:attr name="seeders" value="4"/>
  <newznab:attr name="imdbid" value="tt0133093"/>
  <newznab:attr name="category" value="100002"/>
  <prowlarrindexer id="3" type="private">C411</prowlarrindexer>
</item></channel></rss>"""


def test_size_falls_back_to_the_enclosure_and_newznab_attrs_are_read() -> None:
    (item,) = parse_items(parse_xml(NEWZNAB_FEED))
    assert item.size == 734_003_200 and item.guid == "a1b2"
    assert item.pub_date is None and item.seeders == 4 and item.peers is None and item.leechers is None
    assert item.imdb_id == "tt0133093" and item.categories == (2040, 100002)
    assert item.indexer == "C411"
    assert "SECRET" not in repr(item)
    hit = item.to_hit()
    assert hit.url is None and hit.torrent_id == "a1b2" and hit.seeders == 4


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<rss><channel><item><title>&lol2;</title></item></channel></rss>",
        b'<!DOCTYPE rss SYSTEM "file:///etc/passwd"><rss/>',
        b'<rss><!ENTITY x SYSTEM "http://evil.example/"></rss>',
    ],
)
def test_documents_with_a_dtd_are_refused_before_parsing(document: bytes) -> None:
    with pytest.raises(TorznabXmlError, match="DTD"):
        parse_xml(document)


def test_malformed_and_unexpected_documents_are_refused() -> None:
    with pytest.raises(TorznabXmlError, match="well-formed"):
        parse_xml(b"<rss><channel>")
    with pytest.raises(TorznabXmlError, match="expected <caps>"):
        parse_caps(parse_xml(b"<rss/>"))
    with pytest.raises(TorznabXmlError, match="expected <rss>"):
        parse_items(parse_xml(b"<caps/>"))


def test_errors_and_caps_defaults() -> None:
    error = error_of(parse_xml(b'<?xml version="1.0"?><error code="201" description="Incorrect parameter"/>'))
    assert error is not None and (error.code, error.description) == (201, "Incorrect parameter")
    assert error_of(parse_xml(b"<rss/>")) is None
    caps = parse_caps(
        parse_xml(b'<caps><searching><search available="yes"/><tv-search available="no"/></searching></caps>')
    )
    assert caps.mode("search").supported_params == {"q"}  # type: ignore[union-attr]
    assert not caps.mode("tvsearch").available and caps.mode("movie") is None  # type: ignore[union-attr]
    assert caps.limit_max is None and caps.categories == ()


xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"), min_size=1
).filter(lambda s: s.strip() == s)


@settings(max_examples=60, deadline=None)
@given(title=xml_text, size=st.integers(min_value=1, max_value=2**50), seeders=st.integers(0, 10**6))
def test_items_round_trip_through_the_fake_indexer_xml(title: str, size: int, seeders: int) -> None:
    release = TorznabRelease(title, size, "guid-1", seeders=seeders, peers=seeders + 2, infohash="AB" * 20)
    document = ET.tostring(FakeTorznab("k")._rss([release]), encoding="utf-8")
    (item,) = parse_items(parse_xml(document))
    assert (item.title, item.size, item.seeders, item.leechers) == (title, size, seeders, 2)
    assert item.infohash == "ab" * 20 and item.categories == (2000,)
