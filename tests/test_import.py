"""`reader import`: the cleaner and the curation agree on every seed, and on a new scrape."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from html_tree import parse_html
from reader.cleaner import clean_text
from reader.errors import ReaderError
from reader.importer import import_seed
from reader.markdown import render_markdown
from test_curation import ARTICLE_SEEDS, NOISE, normalise
from test_escape import same_but_curled

if TYPE_CHECKING:
    from conftest import MakeProject, RunReader

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 3, 4)


def read_article(path: Path) -> tuple[dict[str, object], str]:
    """The front matter (as YAML reads it) and the body of an article file."""
    text = path.read_text(encoding="utf-8")
    front, body = text.removeprefix("---\n").split("\n---\n", 1)
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data, body.lstrip("\n")


def sentences(body: str) -> list[str]:
    """The body's sentences in order; a subhead counts as one."""
    found: list[str] = []
    for block in re.split(r"\n\s*\n", body.strip()):
        text = block.removeprefix("## ").strip()
        found += [s for s in re.split(r"(?<=[.!?”])\s+(?=[A-Z“])", text) if s]
    return found


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The repository's own project (content, templates, seeds) in a folder of its own."""
    root = tmp_path / "reader"
    for name in ("content", "templates", "seeds"):
        shutil.copytree(REPO / name, root / name)
    return root


def import_curated(root: Path, slug: str) -> Path:
    """Remove a curated article from `root`, then import its seed under the same slug."""
    curated, _ = read_article(root / "content" / "articles" / f"{slug}.md")
    (root / "content" / "articles" / f"{slug}.md").unlink()
    stance = curated["stance"]
    assert isinstance(stance, str)
    seed = root / "seeds" / ARTICLE_SEEDS[slug]
    report = import_seed(root, seed, today=TODAY, slug=slug, stance=stance)
    return root / report.article


@pytest.mark.parametrize("slug", sorted(ARTICLE_SEEDS))
def test_importing_each_seed_gives_the_sentences_of_the_curated_body(
    repo_copy: Path, slug: str
) -> None:
    _, curated_body = read_article(REPO / "content" / "articles" / f"{slug}.md")
    _, imported_body = read_article(import_curated(repo_copy, slug))
    assert sentences(imported_body) == sentences(curated_body)
    assert imported_body == curated_body  # paragraphs and subheads too, byte for byte


@pytest.mark.parametrize("slug", sorted(ARTICLE_SEEDS))
def test_the_removed_lines_are_exactly_the_curations_noise(slug: str) -> None:
    seed = ARTICLE_SEEDS[slug]
    cleaned = clean_text((REPO / "seeds" / seed).read_text(encoding="utf-8"))
    seed_lines = [normalise(line) for line in (REPO / "seeds" / seed).read_text().split("\n")]
    noise_lines = {
        number
        for number, line in enumerate(seed_lines, start=1)
        if line and any(rule.matches(line) or _in_noise_block(seed, line) for rule in NOISE[seed])
    }
    assert {removal.line for removal in cleaned.removed} == noise_lines
    for removal in cleaned.removed:
        assert removal.text == seed_lines[removal.line - 1]
        assert removal.reason


def _in_noise_block(seed: str, line: str) -> bool:
    """Whether `line` belongs to a multi-line noise paragraph (a byline block, say)."""
    blocks = re.split(r"\n[ \t\u00a0]*\n", (REPO / "seeds" / seed).read_text(encoding="utf-8"))
    for block in blocks:
        paragraph = normalise(block)
        lines = [normalise(part) for part in block.split("\n")]
        if "\n" in paragraph and line in lines:
            return any(rule.matches(paragraph) for rule in NOISE[seed])
    return False


@pytest.mark.parametrize("slug", sorted(ARTICLE_SEEDS))
def test_bylines_and_biographies_suggest_the_curated_authors(repo_copy: Path, slug: str) -> None:
    curated, _ = read_article(REPO / "content" / "articles" / f"{slug}.md")
    imported, _ = read_article(import_curated(repo_copy, slug))
    assert isinstance(curated["authors"], list)
    assert isinstance(imported["authors"], list)
    expected = [(a["name"], a.get("about")) for a in curated["authors"]]
    suggested = [
        (a["name"], None if a["about"].startswith("TODO") else a["about"])
        for a in imported["authors"]
    ]
    assert suggested == expected


@pytest.mark.parametrize("slug", sorted(ARTICLE_SEEDS))
def test_the_title_is_guessed_only_from_a_printed_headline(repo_copy: Path, slug: str) -> None:
    curated, _ = read_article(REPO / "content" / "articles" / f"{slug}.md")
    imported, _ = read_article(import_curated(repo_copy, slug))
    has_headline = slug not in {"unpalatable-necessity-of-engaging", "support-the-resistance"}
    if has_headline:
        assert imported["title"] == curated["title"]
    else:
        assert imported["title"] == "TODO: the article title"


def test_the_draft_has_every_key_of_the_schema_and_marks_the_unknown(repo_copy: Path) -> None:
    path = import_curated(repo_copy, "taliban-and-international-diplomacy")
    data, _ = read_article(path)
    text = path.read_text(encoding="utf-8")
    expected_keys = {
        "title",
        "authors",
        "publication",
        "published",
        "date_note",
        "source_url",
        "stance",
        "stance_note",
        "summary",
        "topics",
        "seed",
        "draft",
    }
    assert set(data) == expected_keys
    assert "# curator_note:" in text  # optional and unknown: shown, commented out
    assert data["draft"] is True
    assert data["seed"] == "seeds/001_f899d59df6dd666f.txt"
    assert data["stance"] == "engage"
    assert data["published"] == TODAY.isoformat()
    published_line = next(line for line in text.split("\n") if line.startswith("published:"))
    assert "TODO" in published_line
    for key in ("publication", "stance_note", "summary", "date_note"):
        value = data[key]
        assert isinstance(value, str)
        assert value.startswith("TODO:")


def test_the_removal_report_lists_every_removed_line(
    repo_copy: Path, run_reader: RunReader
) -> None:
    (repo_copy / "content" / "articles" / "making-deals-with-the-taliban.md").unlink()
    seed = "seeds/003_324b0c2c04b31d4b.txt"
    result = run_reader(
        "import", seed, "--slug", "making-deals-with-the-taliban", "--stance", "engage",
        cwd=repo_copy,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    listed = re.findall(rf"^  {re.escape(seed)}:(\d+): ([^:]+): (.*)$", result.stdout, re.M)
    assert [int(line) for line, _, _ in listed] == [1, 3, 15, 17, 29, 31, 33, 41, 43, 45, 53, 55]
    reasons = {int(line): reason for line, reason, _ in listed}
    assert reasons[1].startswith("title line")
    assert reasons[3].startswith("repeats the title")
    assert reasons[15] == "photo caption or credit"
    assert reasons[53] == "author biography"
    assert reasons[55] == "lone punctuation"
    seed_lines = (repo_copy / seed).read_text(encoding="utf-8").split("\n")
    for line, _, text in listed:
        assert normalise(seed_lines[int(line) - 1]) == text
    assert "wrote content/articles/making-deals-with-the-taliban.md, a draft" in result.stdout


def test_import_never_overwrites_an_article(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project({"seeds/new.txt": SYNTHETIC_SCRAPE})
    existing = project / "content" / "articles" / "engage-now.md"
    before = existing.read_bytes()
    result = run_reader(
        "import", "seeds/new.txt", "--slug", "engage-now", "--stance", "engage", cwd=project
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/articles/engage-now.md: already exists; reader never overwrites an article: "
        "choose another --slug",
        "reader: import failed (1 problem); nothing was written",
    ]
    assert existing.read_bytes() == before


def test_an_unknown_stance_is_refused_with_a_hint(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project({"seeds/new.txt": SYNTHETIC_SCRAPE})
    result = run_reader("import", "seeds/new.txt", "--stance", "engaging", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "--stance: 'engaging' is not one of engage, pressure, resist (did you mean 'engage'?)"
    )
    assert sorted(p.name for p in (project / "content" / "articles").iterdir()) == [
        "engage-now.md",
        "pressure-works.md",
        "resist-together.md",
    ]


# The slug each seed's headline gives, beside the one its curator chose; None: no headline.
HEADLINE_SLUGS = {
    "000_50036e893237d2ee.txt": None,  # unpalatable-necessity-of-engaging
    "001_f899d59df6dd666f.txt": "taliban-and-international-diplomacy",  # the same
    "002_98e4564ad6d1c93e.txt": "taliban-either-reel-from-heavy-casualties",  # ...-reel-or-return
    "003_324b0c2c04b31d4b.txt": "making-deals-with-the-taliban",  # the same
    "004_b233b82db75e0c8f.txt": None,  # support-the-resistance
}


@pytest.mark.parametrize("seed", sorted(HEADLINE_SLUGS))
def test_the_slug_is_the_headlines_first_phrase(repo_copy: Path, seed: str) -> None:
    for article in (repo_copy / "content" / "articles").iterdir():
        article.unlink()
    slug = HEADLINE_SLUGS[seed]
    if slug is None:
        with pytest.raises(ReaderError):
            import_seed(repo_copy, repo_copy / "seeds" / seed, today=TODAY)
        return
    report = import_seed(repo_copy, repo_copy / "seeds" / seed, today=TODAY)
    assert report.slug == slug
    assert report.article == f"content/articles/{slug}.md"


# A scrape in Dari: its headline, then its text.
DARI_SCRAPE = (
    "طالبان و جامعه جهانی\n"
    "\n"
    "چهار سال انزوا در کابل چیزی را تغییر نداده است. وقت گفتگو است.\n"
    "\n"
    "فرستادگان هر بهار در دوحه دیدار می\u200cکنند.\n"
)


def test_a_headline_in_another_script_gives_a_latin_slug(
    make_project: MakeProject, run_reader: RunReader
) -> None:
    project = make_project({"seeds/dari.txt": DARI_SCRAPE})
    result = run_reader("import", "seeds/dari.txt", "--stance", "engage", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (
        "reader: slug: tlbn-w-jmh-jhny (from the headline; use --slug to choose another)"
        in result.stdout.splitlines()
    )
    data, _ = read_article(project / "content" / "articles" / "tlbn-w-jmh-jhny.md")
    assert data["title"] == "طالبان و جامعه جهانی"
    built = run_reader("build", "--project", project, "--drafts", "--no-search")
    assert built.returncode == 0, built.stderr
    assert (project / "site" / "articles" / "tlbn-w-jmh-jhny" / "index.html").is_file()


def test_a_chosen_slug_is_reported_as_given(make_project: MakeProject) -> None:
    project = make_project({"seeds/new.txt": SYNTHETIC_SCRAPE})
    report = import_seed(project, project / "seeds" / "new.txt", today=TODAY, slug="talks-now")
    assert report.slug == "talks-now"
    assert report.article == "content/articles/talks-now.md"


def test_a_seed_without_a_headline_needs_a_slug(make_project: MakeProject) -> None:
    project = make_project({"seeds/plain.txt": "Just one paragraph of text, and no headline.\n"})
    with pytest.raises(ReaderError) as caught:
        import_seed(project, project / "seeds" / "plain.txt", today=TODAY)
    assert [p.message for p in caught.value.problems] == [
        "found no title line to name the article after: give one with --slug"
    ]


def test_a_seed_from_elsewhere_is_copied_into_seeds_unchanged(
    make_project: MakeProject, tmp_path: Path
) -> None:
    project = make_project()
    outside = tmp_path / "downloads" / "scrape.txt"
    outside.parent.mkdir()
    outside.write_bytes(SYNTHETIC_SCRAPE.encode("utf-8"))
    report = import_seed(project, outside, today=TODAY, stance="pressure")
    assert report.seed == "seeds/scrape.txt"
    assert report.seed_copied
    assert (project / "seeds" / "scrape.txt").read_bytes() == outside.read_bytes()
    data, _ = read_article(project / report.article)
    assert data["seed"] == "seeds/scrape.txt"


# A scrape none of the rules were written for, with every kind of noise the seeds show, and
# text that Markdown or the typographer would change if it were not escaped.
SYNTHETIC_SCRAPE = (
    "Editor-in-Chief: A. N. Other Monday, 3 March 2025\n"
    "\n"
    "Isolation Has Failed, Talks Must Begin\n"
    "\n"
    "Isolation Has Failed, Talks Must Begin\n"
    "\n"
    "By Jane Q. Doe\n"
    "\n"
    "Four years of isolation have changed nothing in Kabul. It is time to talk.\n"
    "\n"
    "Four years of isolation have changed nothing in Kabul. It is time to talk. The\n"
    "envoys who meet in Doha each spring know it, even if their capitals do not.\n"
    "\n"
    "Envoys meet in Doha in May 2024. Photo: Reuters / A. Photographer\n"
    "\n"
    "Share this article\n"
    "\n"
    "What\u00a0the envoys want\n"
    "\n"
    'The envoys call it "calibrated engagement" -- a phrase that hides more than it shows.\n'
    "\n"
    "1. Aid first, then talks: that is the order the donors chose (c) 2023.\n"
    "\n"
    "#KabulNow trended for a week; *nothing* changed_at_all.\n"
    "\n"
    "The envoys, pictured here in Doha, disagree... about everything?!\n"
    "\n"
    "Pictured: the envoys in Doha last spring\n"
    "\n"
    "*\n"
    "\n"
    "Jane Q. Doe is a senior fellow at the Example Institute. She tweets as @janeqdoe.\n"
    "\n"
    "\u00a9 2025 Example News. All rights reserved.\n"
    "\n"
    "Advertisement\n"
)


def test_a_new_scrape_with_the_same_kinds_of_noise_is_cleaned_by_rule() -> None:
    cleaned = clean_text(SYNTHETIC_SCRAPE)
    assert cleaned.title == "Isolation Has Failed, Talks Must Begin"
    assert [(p.text, p.heading) for p in cleaned.paragraphs] == [
        (
            "Four years of isolation have changed nothing in Kabul. It is time to talk. The "
            "envoys who meet in Doha each spring know it, even if their capitals do not.",
            False,
        ),
        ("What the envoys want", True),
        (
            'The envoys call it "calibrated engagement" -- a phrase that hides more than it shows.',
            False,
        ),
        ("1. Aid first, then talks: that is the order the donors chose (c) 2023.", False),
        ("#KabulNow trended for a week; *nothing* changed_at_all.", False),
        ("The envoys, pictured here in Doha, disagree... about everything?!", False),
    ]
    assert [(r.line, r.reason) for r in cleaned.removed] == [
        (1, "site chrome (masthead)"),
        (3, "title line (used as the title)"),
        (5, "repeats the title (line 3)"),
        (7, "byline"),
        (9, "repeated within line 11"),
        (14, "photo caption or credit"),
        (16, "site chrome (navigation)"),
        (28, "photo caption or credit"),
        (30, "lone punctuation"),
        (32, "author biography"),
        (34, "credit line"),
        (36, "site chrome (navigation)"),
    ]
    assert [(a.name, a.about) for a in cleaned.authors] == [
        ("Jane Q. Doe", "senior fellow at the Example Institute")
    ]
    assert [s.line for s in cleaned.suggestions] == [7, 32, 34]
    assert cleaned.spaces_fixed == 1


def test_the_cleaned_body_renders_as_exactly_the_authors_text() -> None:
    cleaned = clean_text(SYNTHETIC_SCRAPE)
    tree = parse_html(render_markdown(cleaned.body))
    blocks = [element.text for element in tree.iter() if element.tag in ("p", "h2")]
    assert len(blocks) == len(cleaned.paragraphs)
    for block, paragraph in zip(blocks, cleaned.paragraphs, strict=True):
        assert same_but_curled(block, paragraph.text), (block, paragraph.text)


def test_the_body_escapes_only_what_markdown_would_change() -> None:
    assert clean_text(SYNTHETIC_SCRAPE).body == (
        "Four years of isolation have changed nothing in Kabul. It is time to talk. The envoys "
        "who meet in Doha each spring know it, even if their capitals do not.\n"
        "\n"
        "## What the envoys want\n"
        "\n"
        'The envoys call it "calibrated engagement" \\-- a phrase that hides more than it '
        "shows.\n"
        "\n"
        "1\\. Aid first, then talks: that is the order the donors chose \\(c) 2023.\n"
        "\n"
        "#KabulNow trended for a week; \\*nothing* changed_at_all.\n"
        "\n"
        "The envoys, pictured here in Doha, disagree.\\.. about everything?!\n"
    )


def test_an_imported_body_keeps_straight_quotes_unescaped(make_project: MakeProject) -> None:
    scrape = "Dealing with Kabul\n\nThe Taliban's view is \"simple\": talk, or don't.\n"
    project = make_project({"seeds/quotes.txt": scrape})
    report = import_seed(project, project / "seeds" / "quotes.txt", today=TODAY)
    _, body = read_article(project / report.article)
    assert body == "The Taliban's view is \"simple\": talk, or don't.\n"


def test_a_near_repeat_is_found_among_many_paragraphs() -> None:
    rng = random.Random(5)
    words = re.findall(r"\w+", "envoys met again and the talks ended without a text in Doha")
    paragraphs = [
        " ".join(rng.choice(words) for _ in range(rng.randint(20, 60))).capitalize() + "."
        for _ in range(400)
    ]
    original = paragraphs[100]
    copy = original.split()
    copy[5] = "again" if copy[5] != "again" else "met"  # one word changed: a near-repeat
    paragraphs.insert(300, " ".join(copy))
    cleaned = clean_text("\n\n".join(paragraphs))
    assert [(r.line, r.reason) for r in cleaned.removed] == [(601, "nearly repeats line 201")]
    assert len(cleaned.paragraphs) == 400
