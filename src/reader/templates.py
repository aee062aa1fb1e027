"""Turn the site graph into files: Jinja templates for pages, plus the static assets."""

from __future__ import annotations

import hashlib
import os
import re
import traceback
import types
import warnings
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import jinja2.nodes
import markupsafe
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import __version__
from .entries import NOT_FOUND, stance_anchor
from .errors import Problem, ReaderError
from .fingerprint import Digester, NotDigestible
from .markdown import code_style_css
from .metadata import PageMetadata, describe_page
from .packaged import theme_folder
from .scaffold import PLACEHOLDER
from .search import SEARCH, SEARCH_CONTENT_SECURITY_POLICY
from .site import Page, Site
from .sources import MAX_STATIC_BYTES, is_present, list_files, read_source, read_text
from .workers import can_fork, forked_pool

TEMPLATE_DIR = "templates"
# From this many pages, forked children render them on every core; fewer do not repay the forks.
PARALLEL_PAGES_FROM = 400
PAGES_PER_CHUNK = 40
STATIC_DIR = "static"
# Only the site's own files may load: nothing inline, nothing from another origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True, slots=True)
class TemplateFiles:
    """The templates a build renders with: the project's own, and the theme's for the rest."""

    sources: dict[str, str]  # by name, e.g. "partials/macros.html"
    shown: dict[str, str]  # by name: the file, as errors name it


def load_templates(root: Path, theme: Path | None = None) -> TemplateFiles:
    """Read the theme's templates, then the project's templates/ (optional), each of which
    replaces the theme's file of the same name. Static assets are not templates."""
    theme = theme_folder() if theme is None else theme
    files = TemplateFiles({}, {})
    problems = _read_templates(theme, str(theme), None, files)
    if is_present(root / TEMPLATE_DIR):
        problems += _read_templates(root / TEMPLATE_DIR, TEMPLATE_DIR, root, files)
    if problems:
        raise ReaderError(problems)
    names = sorted(files.sources)
    return TemplateFiles({n: files.sources[n] for n in names}, {n: files.shown[n] for n in names})


def _read_templates(
    folder: Path, shown: str, root: Path | None, files: TemplateFiles
) -> list[Problem]:
    """Add the templates under `folder` to `files`; return the problems found."""
    problems: list[Problem] = []
    if not folder.is_dir():
        return [Problem(shown, 0, "is not a folder; a project's templates/ holds its templates")]
    try:
        found = list_files(folder, shown=shown)
    except ReaderError as exc:
        problems.extend(p for p in exc.problems if not p.path.startswith(f"{shown}/{STATIC_DIR}/"))
        found = []
    for name, path in found:
        if not name.endswith(".html") or name.split("/")[0] == STATIC_DIR:
            continue
        try:
            files.sources[name] = read_text(path, shown=f"{shown}/{name}", root=root)
        except ReaderError as exc:
            problems.extend(exc.problems)
        else:
            files.shown[name] = f"{shown}/{name}"
    return problems


def load_static(root: Path, theme: Path | None = None) -> dict[str, bytes]:
    """Read the theme's static/ files, then the project's templates/static/ (optional), each
    replacing the theme's file of the same name; keyed by the path the files take in the site."""
    theme = theme_folder() if theme is None else theme
    static: dict[str, bytes] = {}
    problems: list[Problem] = []
    own = root / TEMPLATE_DIR / STATIC_DIR
    for folder, shown, inside in (
        (theme / STATIC_DIR, f"{theme}/{STATIC_DIR}", None),
        (own, f"{TEMPLATE_DIR}/{STATIC_DIR}", root),
    ):
        if not folder.is_dir():
            continue
        for name, path in list_files(folder, shown=shown):
            try:
                data = read_source(
                    path, shown=f"{shown}/{name}", root=inside, limit=MAX_STATIC_BYTES
                )
            except ReaderError as exc:
                problems.extend(exc.problems)
            else:
                static[f"{STATIC_DIR}/{name}"] = data
    if problems:
        raise ReaderError(problems)
    return dict(sorted(static.items()))


class _MemoryLoader(jinja2.BaseLoader):
    """Templates read beforehand; each carries its name as file name, for error lines.

    While a template is parsed to be compiled, the loader notes whether it names `site` and
    which templates it extends, includes or imports (None: one named only when rendering), so
    that fingerprints know which pages depend on the whole site without a second parse.
    """

    def __init__(self, templates: Mapping[str, str], shown: Mapping[str, str]) -> None:
        self.templates = dict(templates)
        self.shown = dict(shown)
        self.names_site: dict[str, bool] = {}
        self.references: dict[str, set[str | None]] = {}

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        source, filename, uptodate = self.get_source(environment, name)
        tree = environment.parse(source, name, filename)
        # Any `site`, read or set: too many only renders a page that could have been kept.
        self.names_site[name] = any(n.name == "site" for n in tree.find_all(jinja2.nodes.Name))
        self.references[name] = set(jinja2.meta.find_referenced_templates(tree))
        code = environment.compile(tree, name, filename)
        return environment.template_class.from_code(environment, code, globals or {}, uptodate)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        if template not in self.templates:
            raise jinja2.TemplateNotFound(template)
        shown = self.shown.get(template, f"{TEMPLATE_DIR}/{template}")
        return self.templates[template], shown, lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self.templates)


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with its verdict on each attribute remembered.

    Whether an attribute is safe depends only on its name and the type of the object (Jinja
    refuses names starting with '_', the internals of functions, frames and generators, and
    what changes a list, set or dict). Asked anew for each of the hundreds of thousands of
    attributes the pages read, the sandbox made them take 2.3 times as long to render;
    remembered, 1.3 times (bench/sandbox.py measures it, and a whole build).
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type, str], bool] = {}

    def getattr(self, obj: Any, attribute: str) -> Any:
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)  # an item, or undefined: as Jinja does
        kind = type(obj)
        # A method (str.format needs Jinja's wrapper), or an object claiming another class
        # (isinstance would believe it): Jinja decides, every time.
        if type(value) in _METHODS or obj.__class__ is not kind:
            return super().getattr(obj, attribute)
        safe = self._safe.get((kind, attribute))
        if safe is None:
            safe = self._safe[kind, attribute] = self.is_safe_attribute(obj, attribute, value)
        return value if safe else self.unsafe_undefined(obj, attribute)


# Neither type can be subclassed, so the type alone tells.
_METHODS = frozenset({types.MethodType, types.BuiltinMethodType})


# The default theme draws this many stances apart, each with its colour and mark; a stance
# after them takes the first one's again (its label still names it).
STANCE_SLOTS = 5


def stance_slot(position: int) -> int:
    """Which of the theme's stance looks (1 to STANCE_SLOTS) the stance at `position` takes."""
    return (position - 1) % STANCE_SLOTS + 1


def make_environment(
    templates: Mapping[str, str], shown: Mapping[str, str] | None = None
) -> jinja2.Environment:
    """A strict environment: escaping on, and a missing variable is an error, not ''.

    Sandboxed, and immutable: a template comes with the project, from anyone, and may read
    what it is given but not reach Python's internals through it (to run a command during
    the build, say) nor change it.
    """
    environment = _Sandbox(
        loader=_MemoryLoader(templates, shown or {}),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["stance_anchor"] = stance_anchor
    environment.globals["stance_slot"] = stance_slot
    environment.filters["placeholders"] = mark_placeholders
    return environment


class Fragments:
    """Fragments of one build's pages, each rendered once and then reused, by key.

    Many pages show the same thing: an article's card is on the index, its stance's page, its
    topics' pages and, as another stance's counterpoint, on dozens of article pages. A
    template asks for one with `once(key, macro, *arguments)`; the key must name everything
    the fragment depends on (the card's key holds the article and the link to it as the page
    writes it, which is all that differs from page to page). A forked child renders with its
    own copy.
    """

    def __init__(self) -> None:
        self._done: dict[object, markupsafe.Markup] = {}

    def __call__(self, key: object, render: Callable[..., str], *arguments: object) -> str:
        try:
            return self._done[key]
        except KeyError:
            fragment = self._done[key] = markupsafe.Markup(render(*arguments))
            return fragment


@dataclass
class PageFingerprints:
    """What lets a build render only the pages whose inputs changed (see fingerprint.py).

    `previous`: the last build's fingerprints, by page path, given only when its output is
    still exactly as it left it; `known`: digests decided beforehand, by object id (a rendered
    body is digested as its cache key); `current`: this build's, filled as pages go by.
    """

    previous: Mapping[str, str]
    known: Mapping[int, bytes]
    current: dict[str, str] = field(default_factory=dict)
    kept: int = 0  # pages not rendered: the last build's are still right


def render_site(
    site: Site,
    environment: jinja2.Environment,
    *,
    workers: int | None = None,
    fingerprints: PageFingerprints | None = None,
) -> Iterator[tuple[str, bytes | None]]:
    """Yield every page of `site` as (path, bytes), in the order of `site.pages`.

    With `fingerprints`, a page whose fingerprint is as in the last build is not rendered: it
    comes as (path, None), for the writer to keep the previous build's file. A large site's
    pages are rendered by `workers` forked processes (all cores by default), which share the
    site graph with this one instead of receiving a copy. A template error does not stop the
    others: all are reported together at the end, before the writer can swap anything in.
    """
    yield f"{STATIC_DIR}/code.css", code_style_css().encode()
    workers = workers or os.cpu_count() or 1
    plan = _plan(site, environment, fingerprints)
    pages = range(len(site.pages))
    if len(pages) >= PARALLEL_PAGES_FROM and workers > 1 and can_fork():
        results = _render_in_children(plan, pages, workers)
    else:
        results = (_render_pages(plan, pages[i : i + 1]) for i in pages)
    failed: dict[Problem, list[str]] = {}
    for rendered, problems in results:
        for path, data, fingerprint in rendered:
            if fingerprints is not None and fingerprint is not None:
                fingerprints.current[path] = fingerprint
                fingerprints.kept += data is None
            yield path, data
        for problem, path in problems:
            failed.setdefault(problem, []).append(path)
    if failed:
        raise ReaderError(_naming_pages(problem, pages) for problem, pages in failed.items())


@dataclass(frozen=True)
class _Plan:
    """What rendering needs, in this process or in forked children."""

    site: Site
    environment: jinja2.Environment
    previous: Mapping[str, str] | None  # None: no fingerprints at all
    digest: Digester | None  # one per process (a forked child has its own copy), for its memo
    inputs: bytes  # a digest of the templates and of what renders them
    whole_site: frozenset[str]  # templates whose pages depend on all of `site`
    fragments: Fragments = field(default_factory=Fragments)


def _plan(
    site: Site, environment: jinja2.Environment, fingerprints: PageFingerprints | None
) -> _Plan:
    if fingerprints is None or not isinstance(environment.loader, _MemoryLoader):
        return _Plan(site, environment, None, None, b"", frozenset())
    sources = environment.loader.templates
    inputs = hashlib.blake2b(digest_size=16)
    for version in (__version__, jinja2.__version__, _markupsafe_version()):
        inputs.update(version.encode() + b"\0")
    for name in sorted(sources):
        inputs.update(f"{len(name)}:{name}{len(sources[name])}:{sources[name]}".encode())
    whole = _reading_site(environment.loader)
    digest = Digester(fingerprints.known)
    return _Plan(site, environment, fingerprints.previous, digest, inputs.digest(), whole)


def _markupsafe_version() -> str:
    """MarkupSafe escapes what the templates print. Its __version__ is deprecated (it warns)
    but saves importing importlib.metadata, which costs a small build a tenth of its time."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        version = getattr(markupsafe, "__version__", None)
    if isinstance(version, str):
        return version
    from importlib import metadata

    return metadata.version("markupsafe")


def _reading_site(loader: _MemoryLoader) -> frozenset[str]:
    """The templates that name `site`, themselves or through a template they extend, include
    or import (or through one whose name is only known when rendering, or not compiled)."""
    found = set()
    for name in loader.templates:
        seen: set[str] = set()
        todo: list[str | None] = [name]
        while todo:
            current = todo.pop()
            if current is None or loader.names_site.get(current, True):
                found.add(name)
                break
            if current not in seen:
                seen.add(current)
                todo.extend(loader.references[current])
    return frozenset(found)


# (page path, its bytes or None to keep the last build's, its fingerprint or None) of pages
# done, and (problem, page path) for those that could not be rendered.
_Rendered = tuple[list[tuple[str, bytes | None, str | None]], list[tuple[Problem, str]]]


def _render_pages(plan: _Plan, indices: range) -> _Rendered:
    site = plan.site
    digest = plan.digest
    rendered: list[tuple[str, bytes | None, str | None]] = []
    problems: list[tuple[Problem, str]] = []
    for index in indices:
        page = site.pages[index]
        metadata = describe_page(site, page)
        fingerprint = None
        if (
            digest is not None
            and plan.previous is not None
            and page.template not in plan.whole_site
        ):
            try:
                what = (plan.inputs, site.timeline_split, site.nav, site.config, page, metadata)
                fingerprint = digest(what).hex()
            except NotDigestible:
                fingerprint = None
            if fingerprint is not None and plan.previous.get(page.path) == fingerprint:
                rendered.append((page.path, None, fingerprint))
                continue
        try:
            html = render_page(
                plan.environment, site, page, metadata=metadata, fragments=plan.fragments
            )
        except ReaderError as exc:
            problems.extend((problem, page.path) for problem in exc.problems)
            continue
        rendered.append((page.path, html.encode("utf-8"), fingerprint))
    return rendered, problems


# What forked children render from: set just before they are forked, cleared after.
_shared: _Plan | None = None


def _render_in_children(plan: _Plan, pages: range, workers: int) -> Iterator[_Rendered]:
    global _shared
    chunks = [pages[i : i + PAGES_PER_CHUNK] for i in range(0, len(pages), PAGES_PER_CHUNK)]
    _shared = plan
    try:
        with forked_pool(workers) as pool:
            # In order, so that the output does not depend on which child finished first.
            yield from pool.imap(_render_chunk, chunks)
    finally:
        _shared = None


def _render_chunk(indices: range) -> _Rendered:
    assert _shared is not None, "a child forked without the site"
    return _render_pages(_shared, indices)


def _naming_pages(problem: Problem, pages: list[str]) -> Problem:
    """Say which pages a template error broke, once, however many pages it broke."""
    others = f" and {len(pages) - 1} other pages" if len(pages) > 1 else ""
    return replace(problem, message=f"{problem.message} (rendering {pages[0]}{others})")


def render_page(
    environment: jinja2.Environment,
    site: Site,
    page: Page,
    *,
    metadata: PageMetadata | None = None,
    fragments: Fragments | None = None,
) -> str:
    """Render one page with links relative to its own folder; with the `fragments` of the
    pages rendered before it, whose fragments it may reuse."""
    return render_template(
        environment,
        page.template,
        needed_for=page.path,
        site=site,
        config=site.config,
        page=page,
        url=make_linker(page.path, base_url=site.config.base_url),
        canonical=canonical_url(page, site.config.base_url),
        csp=SEARCH_CONTENT_SECURITY_POLICY if page.path == SEARCH else CONTENT_SECURITY_POLICY,
        metadata=metadata if metadata is not None else describe_page(site, page),
        on_timeline=site.on_timeline,
        nav=site.nav,
        once=fragments if fragments is not None else Fragments(),
    )


def render_template(
    environment: jinja2.Environment, name: str, *, needed_for: str, **context: Any
) -> str:
    """Render the template `name` with `context`; an error in it names its file and line."""
    try:
        return environment.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_problem(exc) from None
    except jinja2.TemplateNotFound as exc:
        message = f"template '{exc.name}' not found (needed for {needed_for})"
        raise ReaderError.single(TEMPLATE_DIR, 0, message) from None
    except jinja2.TemplateError as exc:
        path, line = _template_frame(exc)
        raise ReaderError.single(path, line, f"template error: {exc.message}") from None


# A placeholder as `reader check` finds one (scaffold.find_placeholders): anywhere in a
# front matter value; in a body, only where a line starts with it.
_VALUE_PLACEHOLDER = re.compile(rf"{PLACEHOLDER}:.*", re.DOTALL)
_BODY_PLACEHOLDER = re.compile(rf"(?:(?<=>)|(?<=\n)){PLACEHOLDER}:[^<\n]*")


def mark_placeholders(text: str) -> markupsafe.Markup:
    """`text` with the `TODO:` placeholders left in a draft marked, to be seen in a preview.

    A plain value is escaped, and marked from the placeholder on; rendered HTML (Markup) has
    the lines of its text that start with one marked. Published articles hold none: the build
    refuses them.
    """
    if isinstance(text, markupsafe.Markup):
        return markupsafe.Markup(_BODY_PLACEHOLDER.sub(_mark, str(text)))
    escaped = str(markupsafe.escape(text))
    return markupsafe.Markup(_VALUE_PLACEHOLDER.sub(_mark, escaped))


def _mark(match: re.Match[str]) -> str:
    return f'<mark class="placeholder">{match.group(0)}</mark>'


def make_linker(page_path: str, *, base_url: str | None) -> Callable[..., str]:
    """Return url(target, fragment=None): a link from this page to another, relative.

    The 404 page is served at any address, so its links are absolute when a base URL is known.
    """
    folder = page_path.split("/")[:-1]

    def url(target: str, fragment: str | None = None) -> str:
        if page_path == NOT_FOUND and base_url:
            link = base_url + target
        else:
            link = relative_path(target, folder)
        return f"{link}#{fragment}" if fragment else link

    return url


def relative_path(target: str, folder: list[str]) -> str:
    """`target` (a site path) as seen from `folder` (a site folder, split on '/').

    posixpath.relpath does the same, several times slower: it makes both paths absolute
    against the working directory first, and a page has dozens of links.
    """
    parts = target.split("/")
    common = 0
    while common < len(folder) and common < len(parts) - 1 and folder[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(folder) - common) + parts[common:])


def canonical_url(page: Page, base_url: str | None) -> str | None:
    """The page's absolute address, when the site's base URL is known."""
    if base_url is None or page.path == NOT_FOUND:
        return None
    path = page.path.removesuffix("index.html")
    return base_url + path


def compile_templates(
    templates: Mapping[str, str], shown: Mapping[str, str] | None = None
) -> jinja2.Environment:
    """Make the environment and compile every template, reporting all syntax errors.

    `shown` gives each template's file as errors name it (default: templates/NAME)."""
    environment = make_environment(templates, shown)
    problems: list[Problem] = []
    for name in sorted(templates):
        try:
            environment.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.extend(_syntax_problem(exc).problems)
    if problems:
        raise ReaderError(problems)
    return environment


def _syntax_problem(exc: jinja2.TemplateSyntaxError) -> ReaderError:
    path = exc.filename or f"{TEMPLATE_DIR}/{exc.name or '?'}"
    return ReaderError.single(path, exc.lineno, f"template syntax error: {exc.message}")


def _template_frame(exc: BaseException) -> tuple[str, int]:
    """Find the innermost template line in a rendering error's traceback."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and not frame.filename.endswith(".py") and frame.lineno:
            return frame.filename, frame.lineno
    return TEMPLATE_DIR, 0
