"""`reader check`: what build validates, plus links, addresses, the timeline, stances, drafts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reader.check import check_project, url_problem
from reader.links import PageLinks, find_broken_links, read_page

if TYPE_CHECKING:
    from conftest import MakeProject, RunReader, Snapshot

REPO = Path(__file__).resolve().parent.parent
ENGAGE_NOW = "content/articles/engage-now.md"

# The valid project's timeline leaves out 'pressure-works'; this one names every article.
FULL_TIMELINE = """\
- date: "2021-06-01"
  title: Talks stall
  articles: [pressure-works]
- date: "2021-08-15"
  title: The capital falls
  articles: [engage-now, resist-together]
"""


@pytest.fixture
def sound_project(make_project: MakeProject) -> Path:
    return make_project({"content/timeline.yaml": FULL_TIMELINE})


def edit(project: Path, relative: str, old: str, new: str) -> None:
    """Replace `old` (which must be there) by `new` in one of the project's files."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_sound_project_passes_and_site_is_left_alone(
    sound_project: Path, run_reader: RunReader, snapshot: Snapshot
) -> None:
    assert run_reader("build", "--project", sound_project).returncode == 0
    site_before = snapshot(sound_project / "site")
    listing_before = sorted(p.name for p in sound_project.iterdir())
    result = run_reader("check", "--project", sound_project)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == "reader: check passed (3 published articles)\n"
    assert snapshot(sound_project / "site") == site_before
    assert sorted(p.name for p in sound_project.iterdir()) == listing_before


def test_check_never_creates_site(sound_project: Path, run_reader: RunReader) -> None:
    assert run_reader("check", "--project", sound_project).returncode == 0
    assert not (sound_project / "site").exists()


def test_the_repository_project_passes() -> None:
    report = check_project(REPO)
    assert report.errors == ()
    assert report.articles == 5


def test_check_reports_what_build_reports(sound_project: Path, run_reader: RunReader) -> None:
    edit(sound_project, ENGAGE_NOW, "stance: engage", "stance: engagement")
    edit(sound_project, "content/timeline.yaml", "[pressure-works]", "[pressure-work]")
    result = run_reader("check", "--project", sound_project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/articles/engage-now.md:10: stance: 'engagement' is not one of engage, pressure, "
        "resist (did you mean 'engage'?)",
        "content/timeline.yaml:3: articles: no article 'pressure-work' (did you mean "
        "'pressure-works'?)",
        "reader: check failed (2 problems)",
    ]


def test_a_link_to_a_missing_page_or_fragment_names_its_markdown_line(
    sound_project: Path, run_reader: RunReader
) -> None:
    body = (
        "\nSee [the other view](../pressure-works/) and [the top](#top).\n"
        "\nSee [a lost page](../no-such-article/).\n"
        "\nSee [a lost section](../pressure-works/#no-such-section).\n"
        "\nSee [this page's heading](#what-is-at-stake) and [a missing one](#nowhere).\n"
    )
    path = sound_project / ENGAGE_NOW
    lines_before = path.read_text(encoding="utf-8").count("\n")
    with path.open("a", encoding="utf-8") as file:
        file.write(body)
    first = lines_before + 2
    result = run_reader("check", "--project", sound_project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{ENGAGE_NOW}:{first + 2}: link '../no-such-article/' leads to articles/no-such-article,"
        " which the site does not have",
        f"{ENGAGE_NOW}:{first + 4}: link '../pressure-works/#no-such-section' leads to "
        "#no-such-section, which articles/pressure-works/index.html does not have",
        f"{ENGAGE_NOW}:{first + 6}: link '#nowhere' leads to #nowhere, which "
        "articles/engage-now/index.html does not have",
        "reader: check failed (3 published articles, 3 errors)",
    ]


def test_a_broken_link_in_a_template_names_the_built_page(
    sound_project: Path, run_reader: RunReader
) -> None:
    edit(
        sound_project,
        "templates/about.html",
        "{% block main %}",
        '{% block main %}<a href="gone.html">x</a>',
    )
    result = run_reader("check", "--project", sound_project)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("built page about/index.html:")
    assert first.endswith(
        ": link 'gone.html' leads to about/gone.html, which the site does not have"
    )


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "https://moderndiplomacy/2024/x",
            "has no domain: 'moderndiplomacy' lacks a top-level domain such as .org",
        ),
        ("https://example.org:99999/x", "is malformed (Port out of range 0-65535)"),
        ("https://user:secret@example.org/x", "carries a user name or password"),
        ("https://example.org/<x>", "holds a character that must be percent-encoded"),
        ("https://-bad-.example.org/", "has a host name '-bad-.example.org' that is not valid"),
        ("https://example.0rg/", "has a top-level domain '.0rg' that does not exist"),
    ],
)
def test_a_malformed_source_url_is_an_error_on_its_line(
    sound_project: Path, run_reader: RunReader, url: str, reason: str
) -> None:
    edit(sound_project, ENGAGE_NOW, "https://example.org/engage-now", url)
    result = run_reader("check", "--project", sound_project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"{ENGAGE_NOW}:9: source_url: '{url}' {reason}"


@pytest.mark.parametrize(
    "url",
    [
        "http://outlookafghanistan.net/topics.php?post_id=29670",
        "https://moderndiplomacy.eu/2024/02/07/the-taliban-and-international-diplomacy/",
        "https://www.example.org:8443/a%20b#part",
        "https://пример.рф/статья",
        "https://xn--e1afmkfd.xn--p1ai/",
    ],
)
def test_well_formed_addresses_pass(url: str) -> None:
    assert url_problem(url) is None


def test_an_article_on_no_timeline_event_is_an_error(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project()  # its timeline names engage-now and resist-together only
    result = run_reader("check", "--project", project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/articles/pressure-works.md:2: 'pressure-works' is on no timeline event: add it "
        "to the events it refers to in content/timeline.yaml",
        "reader: check failed (3 published articles, 1 error)",
    ]


def test_a_stance_without_an_article_is_a_warning(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    timeline = FULL_TIMELINE.replace("[engage-now, resist-together]", "[engage-now]")
    project = make_project(
        {"content/timeline.yaml": timeline}, drop=["content/articles/resist-together.md"]
    )
    result = run_reader("check", "--project", project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "content/stances.yaml:7: warning: no published article takes the stance 'resist'"
    ]
    assert result.stdout == "reader: check passed (2 published articles, 1 warning)\n"


def test_drafts_are_listed_with_their_placeholders(
    sound_project: Path, run_reader: RunReader
) -> None:
    made = run_reader("new", "Isolation works", "--stance", "pressure", cwd=sound_project)
    assert made.returncode == 0, made.stderr
    edit(
        sound_project,
        "content/timeline.yaml",
        "[pressure-works]",
        "[pressure-works, isolation-works]",
    )
    result = run_reader("check", "--project", sound_project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "content/timeline.yaml:1: warning: event 'Talks stall' names the draft "
        "'isolation-works', not yet published"
    ]
    lines = result.stdout.splitlines()
    assert lines[0] == "reader: drafts, not published ('reader build --drafts' shows them):"
    assert lines[1] == (
        "  content/articles/isolation-works.md: 9 placeholders left "
        "(lines 6, 7, 8, 9, 10, 11, 13, 14, ...)"
    )
    assert lines[2] == "reader: check passed (3 published articles, 1 warning, 1 draft)"


def test_a_placeholder_left_in_a_published_article_is_an_error(
    sound_project: Path, run_reader: RunReader
) -> None:
    edit(sound_project, ENGAGE_NOW, "publication: The Test Review", 'publication: "TODO: where"')
    result = run_reader("check", "--project", sound_project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f'{ENGAGE_NOW}:6: placeholder left in a published article: publication: "TODO: where"; '
        "fill it in, or keep the article a draft (draft: true)"
    )


def _pages(**html: str) -> dict[str, PageLinks]:
    return {path.replace("__", "/"): read_page(path, text) for path, text in html.items()}


def test_links_resolve_as_a_browser_would() -> None:
    pages = {
        "index.html": read_page(
            "index.html",
            '<a href="a/">a</a><a href="a/index.html#s">s</a><a href="a">folder</a>'
            '<a href="https://elsewhere.org/x">out</a><a href="mailto:x@y.org">mail</a>'
            '<a href="#">top</a><img src="static/p.png" alt="">'
            '<a href="https://example.org/reader/a/#s">own site</a>',
        ),
        "a/index.html": read_page(
            "a/index.html",
            '<h2 id="s">S</h2><a href="../">up</a><a href="../../x">out</a>'
            '<a href="../b/">b</a><a href="#gone">gone</a><a href="/a/#s">root</a>',
        ),
    }
    files = ["index.html", "a/index.html", "static/p.png"]
    broken = find_broken_links(pages, files, base_url="https://example.org/reader/")
    assert [(b.link.page, b.link.target, b.reason) for b in broken] == [
        ("a/index.html", "../../x", "leads outside the site"),
        ("a/index.html", "../b/", "leads to b, which the site does not have"),
        ("a/index.html", "#gone", "leads to #gone, which a/index.html does not have"),
    ]
