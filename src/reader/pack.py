"""The whole reader as one PDF, for print and offline reading.

The pipeline of a build, to another end: load -> render bodies -> assemble the site graph ->
the print template -> PDF -> write. The pack shows what the site shows, from the same graph,
bodies and citations: only the links change, each to its place in the document.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe

from .answers import ArticlePosition
from .citation import Citation
from .entries import INDEX, QUESTIONS, TIMELINE, Entry, stance_anchor
from .model import PartialDate, Stance, TimelineEvent
from .packaged import theme_folder
from .site import Site
from .sources import is_present, read_text

PRINT_TEMPLATE = "print/pack.html"
PRINT_STYLESHEET = "print/pack.css"
# --paper: the CSS page size of each.
PAPERS = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True, slots=True)
class PackedArticle:
    """An article as the pack prints it: its body's ids and links made the document's own."""

    entry: Entry
    anchor: str
    body: markupsafe.Markup
    words: int
    citation: Citation
    positions: tuple[ArticlePosition, ...]
    events: tuple[TimelineEvent, ...]

    @property
    def answered(self) -> tuple[ArticlePosition, ...]:
        return tuple(p for p in self.positions if p.position is not None)


@dataclass(frozen=True, slots=True)
class PackedStance:
    stance: Stance
    anchor: str
    articles: tuple[PackedArticle, ...]  # newest first, as the site lists them


@dataclass(frozen=True, slots=True)
class Pack:
    """What the print template shows: the site, its articles by stance, and the pack's date."""

    site: Site
    stances: tuple[PackedStance, ...]
    date: PartialDate | None  # on the cover; None for a reader with nothing dated
    date_given: bool  # chosen with --date, rather than the newest date of the content
    paper: str  # a CSS page size
    about: markupsafe.Markup  # content/about.md, made part of the document; empty without it

    @property
    def articles(self) -> tuple[PackedArticle, ...]:
        return tuple(a for s in self.stances for a in s.articles)

    @property
    def issued(self) -> dt.date | None:
        """The date of the PDF's metadata: the last day the pack's date can stand for."""
        return self.date.latest if self.date is not None else None


@dataclass(frozen=True, slots=True)
class PackReport:
    pages: int
    size: int
    articles: int
    date: PartialDate | None
    seconds: float


def pack(
    project_dir: Path, out: Path, *, date: dt.date | None = None, paper: str = "a4"
) -> PackReport:
    """Write the PDF of the project in `project_dir` as `out`; raise ReaderError if it can't.

    `date` is printed on the cover and set in the PDF's metadata; by default, the newest date
    of the content (its articles and events), so the same content gives the same bytes.
    """
    started = time.perf_counter()
    from .bodies import render_bodies
    from .build import load_inputs
    from .output import check_output_file, write_file
    from .pdf import render_pdf
    from .site import assemble_site

    check_output_file(out, project=project_dir, what="the pack")
    project, environment, _ = load_inputs(project_dir, base_url=None)
    # No actor pages in a pack: their mentions stay plain text.
    bodies = render_bodies(project, actor_links={}, cache=None)
    site = assemble_site(project, bodies.content, drafts=False)
    plan = plan_pack(site, date=date, paper=PAPERS[paper])
    html = render_pack(environment, plan, stylesheet=load_print_stylesheet(project_dir))
    document = render_pdf(html)
    write_file(out, document.data)
    return PackReport(
        pages=document.pages,
        size=len(document.data),
        articles=len(plan.articles),
        date=plan.date,
        seconds=time.perf_counter() - started,
    )


def plan_pack(site: Site, *, date: dt.date | None, paper: str) -> Pack:
    """The pack's articles, stance by stance, with their bodies made part of one document."""
    from .metadata import describe_page

    pages = {page.path: page for page in site.pages if page.article is not None}
    stances = []
    for group in site.groups:
        articles = []
        for entry in group.entries:
            page = pages[entry.path]
            view = page.article
            citation = describe_page(site, page).citation
            assert view is not None
            assert citation is not None
            prefix = f"{entry.article.slug}--"
            articles.append(
                PackedArticle(
                    entry=entry,
                    anchor=article_anchor(entry.article.slug),
                    body=markupsafe.Markup(scope_body(view.body.html, prefix)),
                    words=view.body.words,
                    citation=citation,
                    positions=view.positions,
                    events=view.events,
                )
            )
        stances.append(PackedStance(group.stance, f"stance--{group.stance.key}", tuple(articles)))
    if date is not None:
        chosen: PartialDate | None = PartialDate(date.year, date.month, date.day)
    else:
        chosen = newest_date(site)
    about = markupsafe.Markup(scope_body(site.about_html, "about--"))
    return Pack(site, tuple(stances), chosen, date is not None, paper, about)


def newest_date(site: Site) -> PartialDate | None:
    """The newest date of the content, at its own precision: of its articles and events."""
    dates = [entry.article.published for entry in site.chronology]
    dates += [item.date for year in site.timeline for item in year.items if item.event]
    return max(dates, key=lambda d: d.latest, default=None)


def article_anchor(slug: str) -> str:
    return f"{slug}--article"


# The HTML markdown-it writes: attribute values in double quotes, any quote in text escaped.
_ID_RE = re.compile(r' id="([^"]*)"')
_FRAGMENT_RE = re.compile(r' href="#([^"]*)"')
# A link to a page of the site, or to a file beside it: not in the pack, so kept as text.
_RELATIVE_LINK_RE = re.compile(r'<a href="(?!#|https?:|mailto:)[^"]*"[^>]*>(.*?)</a>', re.DOTALL)


def scope_body(html: str, prefix: str) -> str:
    """An article's body HTML made fit for a document of many: its ids (para-N, headings,
    footnotes) and the links to them take `prefix`; its links to other pages become text."""
    html = _ID_RE.sub(lambda m: f' id="{prefix}{m[1]}"', html)
    html = _FRAGMENT_RE.sub(lambda m: f' href="#{prefix}{m[1]}"', html)
    return _RELATIVE_LINK_RE.sub(lambda m: m[1], html)


def make_pack_linker(site: Site) -> Callable[..., str]:
    """url(path, fragment=None) for the print template: a page of the site as the place in
    the document that shows it. A page the pack does not hold is a template error."""
    places = {entry.path: entry.article.slug for entry in site.chronology}
    questions = {view.path: f"question--{view.question.key}" for view in site.questions}

    def url(path: str, fragment: str | None = None) -> str:
        if path in places:
            slug = places[path]
            return f"#{slug}--{fragment}" if fragment else f"#{article_anchor(slug)}"
        if path in questions:
            return f"#{questions[path]}"
        if path == QUESTIONS:
            return "#questions"
        if path == INDEX:
            key = (fragment or "").removeprefix(stance_anchor(""))
            return f"#stance--{key}" if fragment else "#stances"
        if path == TIMELINE or path.startswith("timeline/"):
            return f"#{fragment}" if fragment else "#timeline"
        raise jinja2.TemplateRuntimeError(f"the pack has no page {path}: link to it by URL")

    return url


def render_pack(environment: jinja2.Environment, plan: Pack, *, stylesheet: str) -> str:
    """The pack as one HTML document, its stylesheet inline."""
    from .templates import Fragments, render_template

    site = plan.site
    return render_template(
        environment,
        PRINT_TEMPLATE,
        needed_for="the pack",
        site=site,
        config=site.config,
        pack=plan,
        url=make_pack_linker(site),
        on_timeline=lambda date: TIMELINE,
        once=Fragments(),
        stylesheet=markupsafe.Markup(stylesheet),
    )


def load_print_stylesheet(root: Path, theme: Path | None = None) -> str:
    """The project's templates/print/pack.css, else the theme's."""
    own = root / "templates" / PRINT_STYLESHEET
    if is_present(own):
        return read_text(own, shown=f"templates/{PRINT_STYLESHEET}", root=root)
    path = (theme_folder() if theme is None else theme) / PRINT_STYLESHEET
    return read_text(path, shown=str(path), root=None)
