"""Find the internal links of a built site that lead nowhere: a missing page or fragment.

Pure: it reads the pages it is given, never the disk, so it checks exactly what was built.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
# Attributes that load or lead to another address.
_LINK_ATTRIBUTES = frozenset({"href", "src", "poster", "action", "formaction", "data"})
# A fragment every browser understands without an element to match it.
_BUILT_IN_FRAGMENTS = frozenset({"", "top"})


@dataclass(frozen=True, slots=True)
class Link:
    """One link as it appears in a page."""

    page: str
    line: int
    target: str


@dataclass(frozen=True, slots=True)
class BrokenLink:
    link: Link
    reason: str


@dataclass(frozen=True, slots=True)
class PageLinks:
    """What a page offers to links (its ids) and what it links to."""

    ids: frozenset[str]
    links: tuple[Link, ...]


class _Collector(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.ids: set[str] = set()
        self.links: list[Link] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in _LINK_ATTRIBUTES:
                self.links.append(Link(self.page, line, value.strip()))

    handle_startendtag = handle_starttag


def read_page(page: str, html: str) -> PageLinks:
    """Collect the ids and the links of one HTML page."""
    collector = _Collector(page)
    collector.feed(html)
    collector.close()
    return PageLinks(frozenset(collector.ids), tuple(collector.links))


def find_broken_links(
    pages: Mapping[str, PageLinks], files: Iterable[str], *, base_url: str | None = None
) -> list[BrokenLink]:
    """Every link from `pages` to a file or fragment the site does not have.

    `files` lists every file of the site by its path; a link to the site's own `base_url` is
    internal too. Links to other sites are not followed.
    """
    known = set(files)
    folders = {posixpath.dirname(path) for path in known}
    folders |= {posixpath.dirname(folder) for folder in folders}
    broken: list[BrokenLink] = []
    for page_path in sorted(pages):
        for link in pages[page_path].links:
            reason = _check_link(link, pages, known, folders, base_url)
            if reason is not None:
                broken.append(BrokenLink(link, reason))
    return broken


def _check_link(
    link: Link,
    pages: Mapping[str, PageLinks],
    files: set[str],
    folders: set[str],
    base_url: str | None,
) -> str | None:
    target = link.target
    if base_url and target.startswith(base_url):
        target = "/" + target[len(base_url) :]
    if not target or target.startswith("//") or _SCHEME.match(target):
        return None
    parts = urlsplit(target)
    if target.startswith("/"):
        path = posixpath.normpath(unquote(parts.path))
        resolved = path.lstrip("/") if path != "/" else ""
    else:
        folder = posixpath.dirname(link.page)
        joined = posixpath.join(folder, unquote(parts.path)) if parts.path else link.page
        resolved = posixpath.normpath(joined)
        if resolved == ".":
            resolved = ""
        if resolved == ".." or resolved.startswith("../"):
            return "leads outside the site"
    page = _page_for(resolved, parts.path.endswith("/"), files, folders)
    if page is None:
        return f"leads to {resolved or '/'}, which the site does not have"
    fragment = unquote(parts.fragment)
    if fragment in _BUILT_IN_FRAGMENTS or page not in pages:
        return None
    if fragment not in pages[page].ids:
        return f"leads to #{fragment}, which {page} does not have"
    return None


def _page_for(path: str, as_folder: bool, files: set[str], folders: set[str]) -> str | None:
    """The file a path serves: itself, or the index.html of the folder it names."""
    if not as_folder and path in files:
        return path
    index = posixpath.join(path, "index.html") if path else "index.html"
    if (as_folder or path in folders or not path) and index in files:
        return index
    return None
