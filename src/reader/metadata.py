"""What a page tells machines about itself: Open Graph tags, schema.org JSON-LD, feed links,
and the citation shown on an article's page.

Everything here that names an address uses the site's public address (`base_url`); without it,
none of it is written, rather than written with a host that may be wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .citation import Citation, cite_article
from .entries import INDEX, NOT_FOUND
from .model import SiteConfig, Stance
from .site import Page, Site

FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
ATOM_TYPE = "application/atom+xml"
NO_BASE_URL_WARNING = (
    "no base_url: feeds, sitemap.xml, robots.txt, canonical links, Open Graph tags and JSON-LD "
    "were left out, since they need the site's public address; set base_url in "
    "content/site.yaml or pass --base-url"
)
# In a <script> element, '<' could start '</script>' or '<!--', so JSON is written with these
# characters escaped (JSON reads them back unchanged); ensure_ascii takes care of U+2028/9.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def stance_feed_path(key: str) -> str:
    return f"feeds/{key}.xml"


def absolute_url(base_url: str, path: str) -> str:
    """The public address of a file of the site; a folder's index page by its folder."""
    return base_url + path.removesuffix("index.html")


@dataclass(frozen=True, slots=True)
class FeedLink:
    label: str  # "all articles", "Engage articles"
    title: str  # the label with the site's title, as feed readers show it
    href: str


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page's <head> carries besides its title, and an article's citation."""

    open_graph: tuple[tuple[str, str], ...] = ()
    json_ld: str | None = None  # safe to place inside <script type="application/ld+json">
    feeds: tuple[FeedLink, ...] = ()
    citation: Citation | None = None


def publishing_warnings(site: Site) -> tuple[str, ...]:
    """The one warning a build gives when the public address is unknown."""
    return () if site.config.base_url else (NO_BASE_URL_WARNING,)


def feed_links(site: Site) -> tuple[FeedLink, ...]:
    """Every feed of the site: all articles first, then one per stance in display order."""
    if site.config.base_url is None:
        return ()
    return (
        _all_articles_feed(site.config, site.config.base_url),
        *(_stance_feed(site.config, site.config.base_url, g.stance) for g in site.groups),
    )


def _all_articles_feed(config: SiteConfig, base: str) -> FeedLink:
    label = "all articles"
    return FeedLink(label, f"{config.title}: {label}", absolute_url(base, FEED))


def _stance_feed(config: SiteConfig, base: str, stance: Stance) -> FeedLink:
    label = f"{stance.label} articles"
    return FeedLink(
        label, f"{config.title}: {label}", absolute_url(base, stance_feed_path(stance.key))
    )


def describe_page(site: Site, page: Page) -> PageMetadata:
    """The metadata of one page; empty but for the citation when base_url is unknown."""
    base = site.config.base_url
    view = page.article
    page_url = absolute_url(base, page.path) if base and page.path != NOT_FOUND else None
    citation = cite_article(view.entry.article, page_url=page_url) if view else None
    if base is None or page_url is None:
        return PageMetadata(citation=citation)
    # The index offers every feed; an article page, the feed of its stance too.
    feeds: tuple[FeedLink, ...] = (_all_articles_feed(site.config, base),)
    if view is not None:
        feeds += (_stance_feed(site.config, base, view.entry.stance),)
    elif page.path == INDEX:
        feeds = feed_links(site)
    return PageMetadata(
        open_graph=open_graph(site, page, page_url),
        json_ld=article_json_ld(site, page, page_url) if view else None,
        feeds=feeds,
        citation=citation,
    )


def open_graph(site: Site, page: Page, page_url: str) -> tuple[tuple[str, str], ...]:
    """Open Graph properties, in the order the protocol lists them."""
    tags = [
        ("og:type", "article" if page.article else "website"),
        ("og:title", page.title),
        ("og:description", page.description),
        ("og:url", page_url),
        ("og:site_name", site.config.title),
    ]
    if page.article is not None:
        entry = page.article.entry
        # ISO 8601 at the known precision: "2023-07" is a month, not 1 July.
        tags.append(("article:published_time", entry.article.published.iso))
        tags.append(("article:section", entry.stance.label))
        tags.extend(("article:tag", topic) for topic in entry.article.topics)
    return tuple(tags)


def article_json_ld(site: Site, page: Page, page_url: str) -> str:
    """A schema.org Article for an article page, escaped for a <script> element."""
    assert page.article is not None
    entry = page.article.entry
    article = entry.article
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "author": [
            {"@type": "Person", "name": a.name, **({"description": a.about} if a.about else {})}
            for a in article.authors
        ],
        "publisher": {"@type": "Organization", "name": article.publication},
        "datePublished": article.published.iso,
        "inLanguage": site.config.language,
        "articleSection": entry.stance.label,
        "url": page_url,
        "mainEntityOfPage": page_url,
        "isPartOf": {"@type": "WebSite", "name": site.config.title, "url": site.config.base_url},
    }
    if article.topics:
        data["keywords"] = list(article.topics)
    if article.source_url:
        data["sameAs"] = article.source_url
    return script_json(data)


def script_json(data: object) -> str:
    """JSON that cannot end or comment out the <script> element it is placed in."""
    return json.dumps(data, ensure_ascii=True, separators=(", ", ": ")).translate(_SCRIPT_SAFE)
