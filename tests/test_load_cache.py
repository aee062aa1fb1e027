"""The cache of validated articles changes nothing but speed: a warm build equals a clean one,
every problem a clean build reports is still reported, and a broken cache is ignored."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reader.content
from reader.build import build
from reader.content import load_project
from reader.errors import ReaderError
from reader.loadcache import ARTICLES, ArticleCache
from reader.stamp import CACHE_DIR, STAMP
from snapshots import clean_build, snapshot
from synthetic import write_project

if TYPE_CHECKING:
    from conftest import MakeProject

# Front matter in CRLF lines after a BOM, and a body that starts and ends with blank lines.
ODD_ARTICLE = (
    "\ufeff---\r\ntitle: Odd lines\r\nauthors:\r\n  - name: A. Writer\r\n"
    'publication: The Review\r\npublished: "2022"\r\ndate_note: Only the year.\r\n'
    "stance: engage\r\nstance_note: It says so.\r\nsummary: A summary.\r\n...\r\n"
    "\r\n\r\n  Indented.\r\nA second line.\n\n\n"
)


def _cache_file(project: Path) -> Path:
    return project / CACHE_DIR / ARTICLES


def _entries(project: Path) -> list[bytes]:
    return _cache_file(project).read_bytes().splitlines()[1:]


def _articles_composed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The article files whose front matter is parsed from now on, in order."""
    composed: list[str] = []
    compose = reader.content.compose_yaml

    def counting(text: str, *, path: str, first_line: int) -> object:
        if path.startswith("content/articles/"):
            composed.append(path)
        return compose(text, path=path, first_line=first_line)

    monkeypatch.setattr(reader.content, "compose_yaml", counting)
    return composed


def _problems(project: Path, *, cache: bool) -> list[str]:
    with pytest.raises(ReaderError) as caught:
        build(project, project / "site", cache=cache)
    return [str(problem) for problem in caught.value.problems]


def test_a_warm_build_validates_only_the_edited_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = write_project(tmp_path / "project", articles=8)
    build(project, project / "site")
    assert len(_entries(project)) == 8
    article = project / "content" / "articles" / "article-00003.md"
    article.write_text(article.read_text() + "\nOne more sentence.\n")
    composed = _articles_composed(monkeypatch)
    build(project, project / "site")
    assert composed == ["content/articles/article-00003.md"]
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert len(_entries(project)) == 8  # the edited article's old entry is gone


def test_articles_from_the_cache_equal_articles_read_afresh(make_project: MakeProject) -> None:
    project = make_project({"content/articles/odd-lines.md": ODD_ARTICLE})
    fresh = load_project(project)
    first = load_project(project, cache=ArticleCache.of(project))
    assert len(_entries(project)) == 4
    cached = ArticleCache.of(project)
    again = load_project(project, cache=cached)
    assert first == fresh
    assert again == fresh
    assert [a.body for a in again.articles] == [a.body for a in fresh.articles]
    assert not cached._changed  # every article came from the cache


def test_a_build_without_the_cache_neither_reads_nor_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = write_project(tmp_path / "project", articles=4)
    build(project, tmp_path / "first", cache=False)
    assert not _cache_file(project).exists()
    build(project, project / "site")
    before = _cache_file(project).read_bytes()
    composed = _articles_composed(monkeypatch)
    build(project, tmp_path / "other", cache=False)
    assert len(composed) == 4
    assert _cache_file(project).read_bytes() == before


def _forge_titles(project: Path, *, checksum: bool) -> None:
    """Change every cached title, with a checksum made for the change or the old one."""
    lines = _cache_file(project).read_bytes().splitlines()
    forged = [lines[0]]
    for line in lines[1:]:
        key, old_checksum, payload = line.split(b" ", 2)
        value = json.loads(payload)
        value[0] = "A forged title"
        new_payload = json.dumps(value).encode()
        new_checksum = hashlib.sha256(key + b" " + new_payload).hexdigest().encode()
        forged.append(b" ".join([key, new_checksum if checksum else old_checksum, new_payload]))
    _cache_file(project).write_bytes(b"\n".join(forged) + b"\n")


def test_a_damaged_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = write_project(tmp_path / "project", articles=4)
    build(project, project / "site")
    _forge_titles(project, checksum=False)
    (project / CACHE_DIR / STAMP).unlink()  # else nothing changed and nothing is built
    composed = _articles_composed(monkeypatch)
    build(project, project / "site")
    assert len(composed) == 4
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert b"A forged title" not in _cache_file(project).read_bytes()


def test_a_build_without_the_cache_does_not_trust_a_forged_one(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=3)
    build(project, project / "site")
    _forge_titles(project, checksum=True)
    build(project, tmp_path / "other", cache=False)
    assert snapshot(tmp_path / "other") == clean_build(project, tmp_path / "clean")


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json at all\nnor this",
        b'{"format": 99}\n',
        b'{"format": 1}\nabc def [1, 2]\n',
    ],
    ids=["empty", "garbage", "other-format", "bad-lines"],
)
def test_a_broken_cache_file_is_ignored(tmp_path: Path, damage: bytes) -> None:
    project = write_project(tmp_path / "project", articles=4)
    build(project, project / "site")
    _cache_file(project).write_bytes(damage)
    (project / CACHE_DIR / STAMP).unlink()
    build(project, project / "site")
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")
    assert len(_entries(project)) == 4  # and written again


@pytest.mark.parametrize(
    "forge",
    [
        lambda value: value.__setitem__(0, 7),  # a number for the title
        lambda value: value.__setitem__(1, [["Name", 3]]),  # an author's about
        lambda value: value.__setitem__(3, "2021-13"),  # no such month
        lambda value: value.__setitem__(9, "aid"),  # topics not a list
        lambda value: value.__setitem__(13, "yes"),  # draft not a boolean
        lambda value: value.__setitem__(14, 0),  # no line 0
        lambda value: value.__setitem__(15, -1),  # the body before the file
        lambda value: value.__setitem__(10, "seeds/x.txt"),  # a seed with no name for it
        lambda value: value.pop(),
    ],
    ids=["title", "author", "date", "topics", "draft", "line", "start", "seed", "short"],
)
def test_an_entry_with_a_valid_checksum_but_wrong_shapes_is_ignored(
    tmp_path: Path, forge: Callable[[list[object]], object]
) -> None:
    project = write_project(tmp_path / "project", articles=3)
    build(project, project / "site")
    lines = _cache_file(project).read_bytes().splitlines()
    forged = [lines[0]]
    for line in lines[1:]:
        key, _, payload = line.split(b" ", 2)
        value = json.loads(payload)
        forge(value)
        new_payload = json.dumps(value).encode()
        checksum = hashlib.sha256(key + b" " + new_payload).hexdigest().encode()
        forged.append(b" ".join([key, checksum, new_payload]))
    _cache_file(project).write_bytes(b"\n".join(forged) + b"\n")
    (project / CACHE_DIR / STAMP).unlink()
    build(project, project / "site")
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_an_entry_filed_under_another_key_is_not_taken(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=3)
    build(project, project / "site")
    header, first, second, third = _cache_file(project).read_bytes().splitlines()
    # The first article's entry, with its checksum, under the second's key.
    moved = second.split(b" ", 1)[0] + b" " + first.split(b" ", 1)[1]
    _cache_file(project).write_bytes(b"\n".join([header, first, moved, third]) + b"\n")
    (project / CACHE_DIR / STAMP).unlink()
    build(project, project / "site")
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


@pytest.mark.parametrize(
    ("files", "drop", "expected"),
    [
        (
            {"content/stances.yaml": "- key: engage\n  label: Engage\n  definition: Talk.\n"},
            (),
            "content/articles/pressure-works.md:9: stance: 'pressure' is not one of engage",
        ),
        (
            {"content/topics.yaml": "- key: aid\n  label: Aid\n"},
            (),
            "content/articles/engage-now.md:13: topics: 'recognition' is not in "
            "content/topics.yaml",
        ),
        (
            {},
            ("seeds/engage-now.txt",),
            "content/articles/engage-now.md:14: seed: 'seeds/engage-now.txt' does not exist",
        ),
    ],
    ids=["stance-removed", "topic-not-listed", "seed-deleted"],
)
def test_an_unchanged_article_made_wrong_by_another_file_is_reported(
    make_project: MakeProject,
    files: dict[str, str],
    drop: tuple[str, ...],
    expected: str,
) -> None:
    project = make_project()
    build(project, project / "site", search=False)
    assert _cache_file(project).exists()
    for relative, text in files.items():
        (project / relative).write_text(text)
    for relative in drop:
        (project / relative).unlink()
    warm = _problems(project, cache=True)
    assert any(problem.startswith(expected) for problem in warm), warm
    assert warm == _problems(project, cache=False)


def test_a_seed_replaced_by_a_folder_is_reported(make_project: MakeProject) -> None:
    project = make_project()
    build(project, project / "site", search=False)
    seed = project / "seeds" / "engage-now.txt"
    seed.unlink()
    seed.mkdir()
    warm = _problems(project, cache=True)
    expected = "content/articles/engage-now.md:14: seed: 'seeds/engage-now.txt' is not a file"
    assert expected in warm
    assert warm == _problems(project, cache=False)


def test_a_seed_now_elsewhere_is_followed(make_project: MakeProject, tmp_path: Path) -> None:
    """A seed that is a link in seeds/ names the file it leads to; if that changes, so does the
    article."""
    project = make_project({"seeds/first.txt": "One.\n", "seeds/second.txt": "Two.\n"})
    link = project / "seeds" / "engage-now.txt"
    link.unlink()
    link.symlink_to("first.txt")
    build(project, project / "site", search=False)
    link.unlink()
    link.symlink_to("second.txt")
    build(project, project / "site", search=False)
    clean = clean_build(project, tmp_path / "clean", search=False)
    assert snapshot(project / "site") == clean


EDITS = st.lists(
    st.sampled_from(
        [
            "add",
            "delete",
            "rename",
            "body",
            "front",
            "break",
            "mend",
            "stance-added",
            "stance-removed",
            "topics-listed",
            "topics-unlisted",
            "question-removed",
            "question-added",
        ]
    ),
    min_size=1,
    max_size=4,
)
STANCE_PRESSURE = "- key: pressure\n  label: Pressure\n  definition: The pressure position.\n"
STANCE_EXTRA = "- key: extra\n  label: Extra\n  definition: One more position.\n"


def _apply(project: Path, edit: str, step: int) -> None:
    folder = project / "content" / "articles"
    articles = sorted(folder.glob("*.md"))
    target = articles[step % len(articles)]
    text = target.read_text()
    stances = project / "content" / "stances.yaml"
    topics = project / "content" / "topics.yaml"
    if edit == "add":
        (folder / f"added-{step}.md").write_text(text.replace("title: ", f"title: New {step} ", 1))
    elif edit == "delete" and len(articles) > 2:
        target.unlink()
        keep = next(a for a in articles if a != target)
        _retarget_timeline(project, target.stem, keep.stem)
    elif edit == "rename":
        renamed = target.with_name(f"renamed-{step}-{target.name}")
        target.rename(renamed)
        _retarget_timeline(project, target.stem, renamed.stem)
    elif edit == "body":
        target.write_text(text + f"\nA new paragraph {step}.\n")
    elif edit == "front":
        target.write_text(text.replace("summary: ", f"summary: Edited {step}. ", 1))
    elif edit == "break":
        target.write_text(text.replace("publication: ", "publication: [", 1))
    elif edit == "mend":
        for article in articles:
            article.write_text(article.read_text().replace("publication: [", "publication: "))
    elif edit == "stance-added" and STANCE_EXTRA not in stances.read_text():
        stances.write_text(stances.read_text() + STANCE_EXTRA)
    elif edit == "stance-removed":
        stances.write_text(stances.read_text().replace(STANCE_PRESSURE, ""))
    elif edit == "topics-listed":
        topics.write_text("- key: aid\n  label: Aid\n- key: talks\n  label: Talks\n")
    elif edit == "topics-unlisted":
        topics.unlink(missing_ok=True)
    elif edit == "question-removed":  # the articles that answer it are now wrong
        questions = project / "content" / "questions.yaml"
        questions.write_text(questions.read_text().split("- key: sanctions")[0])
    elif edit == "question-added":
        questions = project / "content" / "questions.yaml"
        questions.write_text(questions.read_text() + "- key: extra\n  question: And?\n")


def _retarget_timeline(project: Path, old: str, new: str) -> None:
    timeline = project / "content" / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace(f"[{old}]", f"[{new}]"))


def _outcome(project: Path, out: Path, *, cache: bool) -> dict[str, bytes] | list[str]:
    """The site built, or the problems reported."""
    if not cache:
        shutil.rmtree(out, ignore_errors=True)
    try:
        build(project, out, cache=cache, search=False)
    except ReaderError as exc:
        return [str(problem) for problem in exc.problems]
    return snapshot(out)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS)
def test_any_edits_then_a_warm_build_equal_a_clean_build(
    tmp_path_factory: pytest.TempPathFactory, edits: list[str]
) -> None:
    root = tmp_path_factory.mktemp("edits")
    project = write_project(root / "project", articles=6)
    (project / "content" / "stances.yaml").write_text(
        "- key: engage\n  label: Engage\n  definition: The engage position.\n"
        + STANCE_PRESSURE
        + "- key: resist\n  label: Resist\n  definition: The resist position.\n"
    )
    build(project, project / "site", search=False)
    for step, edit in enumerate(edits):
        _apply(project, edit, step)
        warm = _outcome(project, project / "site", cache=True)
        assert warm == _outcome(project, root / "clean", cache=False), edits
    shutil.rmtree(root)


def test_an_article_renamed_to_a_name_that_is_not_a_slug_is_reported(
    make_project: MakeProject,
) -> None:
    project = make_project()
    build(project, project / "site", search=False)
    folder = project / "content" / "articles"
    (folder / "pressure-works.md").rename(folder / "Pressure_Works.md")
    warm = _problems(project, cache=True)
    expected = "content/articles/Pressure_Works.md: file name 'Pressure_Works.md' must be a slug"
    assert any(problem.startswith(expected) for problem in warm), warm
    assert warm == _problems(project, cache=False)
