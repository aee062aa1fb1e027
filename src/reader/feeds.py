"""Files for feed readers and crawlers: Atom feeds, sitemap.xml and robots.txt.

They need absolute addresses, so they are written only when the site's public address
(`base_url`) is known. XML is built with ElementTree, which escapes every value.

Atom requires full timestamps where a reader's dates may be known only to the month or year: a
partial date is written as the last day of its period, the place the site's own chronology
gives it, at midnight UTC; each entry's content states the date at its real precision.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from html import escape
from urllib.parse import urlsplit

from .citation import join_names
from .entries import INDEX, Entry
from .metadata import FEED, ROBOTS, SITEMAP, absolute_url, feed_links, stance_feed_path
from .model import PartialDate
from .site import Site

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Atom needs an `updated` even for a feed with no entry and no article on the site.
NO_DATE = "1970-01-01T00:00:00Z"
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def publishing_paths(site: Site) -> tuple[str, ...]:
    """The paths `render_publishing` writes, in order."""
    if site.config.base_url is None:
        return ()
    feeds = (stance_feed_path(group.stance.key) for group in site.groups)
    return (FEED, *feeds, SITEMAP, ROBOTS)


def render_publishing(site: Site) -> Iterator[tuple[str, bytes]]:
    """Yield the feeds, sitemap.xml and robots.txt as (path, bytes); nothing without base_url."""
    base = site.config.base_url
    if base is None:
        return
    everything, *by_stance = feed_links(site)
    newest = tuple(reversed(site.chronology))
    yield FEED, render_feed(site, newest, path=FEED, title=everything.title, home=base)
    for group, link in zip(site.groups, by_stance, strict=True):
        path = stance_feed_path(group.stance.key)
        home = f"{absolute_url(base, INDEX)}#{group.anchor}"
        yield path, render_feed(site, group.entries, path=path, title=link.title, home=home)
    yield SITEMAP, render_sitemap(site)
    yield ROBOTS, render_robots(base)


def render_feed(site: Site, entries: Sequence[Entry], *, path: str, title: str, home: str) -> bytes:
    """An Atom feed of `entries` (newest first), its id and self link at `path`."""
    base = site.config.base_url
    assert base is not None
    self_url = absolute_url(base, path)
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": site.config.language})
    _add(feed, "id", self_url)
    _add(feed, "title", title)
    _add(feed, "subtitle", site.config.description)
    newest = entries[0] if entries else (site.chronology[-1] if site.chronology else None)
    _add(feed, "updated", atom_timestamp(newest.article.published) if newest else NO_DATE)
    _add(feed, "link", attrs={"rel": "self", "type": "application/atom+xml", "href": self_url})
    _add(feed, "link", attrs={"rel": "alternate", "type": "text/html", "href": home})
    for entry in entries:
        feed.append(_feed_entry(entry, base))
    return _xml_bytes(feed)


def _feed_entry(entry: Entry, base: str) -> ET.Element:
    article = entry.article
    url = absolute_url(base, entry.path)
    element = ET.Element("entry")
    _add(element, "id", url)
    _add(element, "title", article.title)
    _add(element, "link", attrs={"rel": "alternate", "type": "text/html", "href": url})
    if article.source_url:
        _add(
            element,
            "link",
            attrs={"rel": "related", "type": "text/html", "href": article.source_url},
        )
    timestamp = atom_timestamp(article.published)
    _add(element, "published", timestamp)
    _add(element, "updated", timestamp)
    for author in article.authors:
        _add(_add(element, "author"), "name", author.name)
    _add(element, "category", attrs={"term": entry.stance.key, "label": entry.stance.label})
    for topic in article.topics:
        _add(element, "category", attrs={"term": topic})
    _add(element, "summary", article.summary)
    _add(element, "content", _entry_html(entry), attrs={"type": "html"})
    return element


def _entry_html(entry: Entry) -> str:
    """The entry's content as HTML text (ElementTree escapes it once more, as type="html" wants)."""
    article = entry.article
    date = article.published.label + (" (inferred)" if article.date_inferred else "")
    facts = (
        f"{escape(join_names(article.authors))}, in <cite>{escape(article.publication)}</cite>, "
        f"{escape(date)}. Stance: {escape(entry.stance.label)}."
    )
    return f"<p>{facts}</p><p>{escape(article.summary)}</p>"


def render_sitemap(site: Site) -> bytes:
    """Every listed page's canonical address (not the 404 or search page)."""
    base = site.config.base_url
    assert base is not None
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for page in site.pages:
        if page.listed:
            _add(_add(urlset, "url"), "loc", absolute_url(base, page.path))
    return _xml_bytes(urlset)


def render_robots(base_url: str) -> bytes:
    """Allow everything and name the sitemap; say where the file must go to be read."""
    lines = ["User-agent: *", "Disallow:", "", f"Sitemap: {base_url}{SITEMAP}"]
    parts = urlsplit(base_url)
    if parts.path not in ("", "/"):
        root = f"{parts.scheme}://{parts.netloc}/robots.txt"
        lines[:0] = [
            f"# Crawlers read robots.txt only at the root of a host: at {root}, add the",
            "# Sitemap line below to the robots.txt there.",
        ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def atom_timestamp(date: PartialDate) -> str:
    """RFC 3339 at midnight UTC on the last day the date can stand for."""
    return date.latest.isoformat() + "T00:00:00Z"


def xml_text(text: str) -> str:
    """`text` with the characters XML cannot carry replaced by U+FFFD."""
    return _NOT_XML_RE.sub("\ufffd", text)


def _add(
    parent: ET.Element, tag: str, text: str | None = None, *, attrs: dict[str, str] | None = None
) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in (attrs or {}).items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"
