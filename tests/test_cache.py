"""The build cache changes nothing but speed: a warm build equals a clean one, whatever edits
came between, and a broken cache is ignored."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.build import build
from reader.cache import BODIES
from reader.stamp import CACHE_DIR, STAMP
from snapshots import clean_build, snapshot
from synthetic import write_project

if TYPE_CHECKING:
    from conftest import RunReader


def test_a_warm_build_renders_nothing_and_equals_a_clean_build(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=12)
    first = build(project, project / "site")
    assert first.bodies_rendered == 12
    second = build(project, project / "site")
    assert second.bodies_rendered == 0
    assert second.files_unchanged == second.files
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_editing_one_body_renders_only_that_body(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=12)
    build(project, project / "site")
    article = project / "content" / "articles" / "article-00003.md"
    article.write_text(article.read_text() + "\nOne more sentence.\n")
    report = build(project, project / "site")
    assert report.bodies_rendered == 1
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def _cached_bodies(project: Path) -> list[Path]:
    return sorted((project / CACHE_DIR / BODIES).glob("*.json"))


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json at all",
        b'{"format": 2, "reader": "0.1.0", "key": "", "sha256": "0"}\n{}',
        b'{"format": 99}\n{}',
    ],
    ids=["empty", "garbage", "bad-checksum", "other-format"],
)
def test_a_broken_cache_is_ignored(tmp_path: Path, damage: bytes) -> None:
    project = write_project(tmp_path / "project", articles=6)
    build(project, project / "site")
    for path in _cached_bodies(project):
        path.write_bytes(damage)
    (project / CACHE_DIR / STAMP).unlink()  # else nothing changed and nothing is built
    report = build(project, project / "site")
    assert report.bodies_rendered == 6
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


@pytest.mark.parametrize(
    "forge",
    [
        lambda value, key: value.update(mentions=[["x", "y", "not a number", 1, 2]]),
        lambda value, key: value.update(mentions=[["x", "y", 99, 1, 2]]),
        lambda value, key: value.update(mentions=[["x", "y", -1, 1, 2]]),
        lambda value, key: value.update(sentences=[1, 2]),
        lambda value, key: value.update(words="many"),
        lambda value, key: value.pop("html"),
    ],
    ids=["text-for-number", "no-such-sentence", "negative", "sentences", "words", "no-html"],
)
def test_a_cache_with_a_valid_checksum_but_wrong_shapes_is_ignored(
    tmp_path: Path, forge: Callable[[dict[str, object], str], object]
) -> None:
    project = write_project(tmp_path / "project", articles=4)
    build(project, project / "site")
    for path in _cached_bodies(project):
        header, _, payload = path.read_bytes().partition(b"\n")
        value = json.loads(payload)
        forge(value, path.stem)
        forged = json.dumps(value).encode()
        meta = json.loads(header)
        meta["sha256"] = hashlib.sha256(forged).hexdigest()
        path.write_bytes(json.dumps(meta).encode() + b"\n" + forged)
    (project / CACHE_DIR / STAMP).unlink()
    assert build(project, project / "site").bodies_rendered == 4
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_a_body_filed_under_another_key_is_not_taken(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=3)
    build(project, project / "site")
    first, second, _ = _cached_bodies(project)
    data = first.read_bytes()
    second.write_bytes(data)  # a valid body, with its checksum, under the wrong name
    (project / CACHE_DIR / STAMP).unlink()
    assert build(project, project / "site").bodies_rendered == 1
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean")


def test_the_cache_keeps_only_the_bodies_of_the_articles_there_are(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=5)
    build(project, project / "site")
    assert len(_cached_bodies(project)) == 5
    articles = sorted((project / "content" / "articles").glob("*.md"))
    articles[0].write_text(articles[0].read_text() + "\nOne more sentence.\n")
    (project / CACHE_DIR / BODIES / "stray.json").write_text("{}")
    report = build(project, project / "site")
    assert report.bodies_rendered == 1
    assert len(_cached_bodies(project)) == 5  # the edited body's old entry and the stray are gone
    build(project, tmp_path / "other", cache=False)
    assert len(_cached_bodies(project)) == 5  # a build without the cache leaves it alone


EDITS = st.lists(
    st.sampled_from(
        [
            "add",
            "delete",
            "rename",
            "body",
            "title",
            "stance",
            "template",
            "stances",
            "timeline",
            "position",
            "questions",
        ]
    ),
    min_size=1,
    max_size=3,
)


def _apply(project: Path, edit: str, step: int) -> None:
    articles = sorted((project / "content" / "articles").glob("*.md"))
    target = articles[step % len(articles)]
    text = target.read_text()
    if edit == "add":
        (project / "content" / "articles" / f"added-{step}.md").write_text(
            text.replace("title: ", f"title: Added {step} ", 1)
        )
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
    elif edit == "title":
        target.write_text(text.replace("title: ", f"title: Edited {step} ", 1))
    elif edit == "stance":
        for old, new in (("engage", "resist"), ("pressure", "engage"), ("resist", "pressure")):
            if f"stance: {old}" in text:
                target.write_text(text.replace(f"stance: {old}", f"stance: {new}"))
                break
    elif edit == "template":
        base = project / "templates" / "base.html"
        base.write_text(base.read_text().replace("</footer>", f"<!-- {step} --></footer>", 1))
    elif edit == "stances":
        stances = project / "content" / "stances.yaml"
        stances.write_text(stances.read_text().replace("position", f"position ({step})", 1))
    elif edit == "position":  # another paragraph and answer, or the first position
        answer = ("yes", "no", "conditional", "mixed")[step % 4]
        text = re.sub(r"para: para-[0-9]+", f"para: para-{1 + step % 3}", text, count=1)
        text = re.sub(r"answer: [a-z]+", f"answer: {answer}", text, count=1)
        if "positions:" not in text:
            text = text.replace(
                "---\n\n", "positions:\n  aid: {answer: yes, para: para-1}\n---\n\n"
            )
        target.write_text(text)
    elif edit == "questions":
        questions = project / "content" / "questions.yaml"
        questions.write_text(questions.read_text().replace("What of", f"What ({step}) of", 1))
    elif edit == "timeline":
        timeline = project / "content" / "timeline.yaml"
        timeline.write_text(
            timeline.read_text() + f'- date: "2019-0{1 + step % 9}"\n  title: Event {step}\n'
        )


def _retarget_timeline(project: Path, old: str, new: str) -> None:
    """Keep the timeline pointing at existing articles after a delete or a rename."""
    timeline = project / "content" / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace(f"[{old}]", f"[{new}]"))


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
    build(project, project / "site")
    for step, edit in enumerate(edits):
        _apply(project, edit, step)
        build(project, project / "site")
        assert snapshot(project / "site") == clean_build(project, root / "clean"), edits
    shutil.rmtree(root)


def test_nothing_changed_means_nothing_is_done(tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", articles=8)
    first = build(project, project / "site")
    again = build(project, project / "site")
    assert again.up_to_date
    assert (again.pages, again.files, again.warnings) == (first.pages, first.files, first.warnings)
    assert not build(project, project / "site", cache=False).up_to_date


@pytest.mark.parametrize("change", ["source", "template", "site-file", "site-deleted", "option"])
def test_any_change_to_sources_output_or_options_means_a_real_build(
    tmp_path: Path, change: str
) -> None:
    project = write_project(tmp_path / "project", articles=8)
    build(project, project / "site")
    site = project / "site"
    base_url = None
    if change == "source":
        article = project / "content" / "articles" / "article-00002.md"
        article.write_text(article.read_text() + "\nMore.\n")
    elif change == "template":
        css = project / "templates" / "static" / "style.css"
        css.write_text(css.read_text() + "\n/* edited */\n")
    elif change == "site-file":
        (site / "index.html").write_text("tampered")
    elif change == "site-deleted":
        (site / "index.html").unlink()
    else:
        base_url = "https://example.org/"
    report = build(project, site, base_url=base_url)
    assert not report.up_to_date
    assert snapshot(site) == clean_build(project, tmp_path / "clean", base_url=base_url)


@pytest.mark.parametrize(
    "cache",
    ["file", "bodies-file", "link-outside"],
    ids=["a-file", "bodies-a-file", "a-link-out-of-the-project"],
)
def test_an_unusable_cache_is_ignored_with_a_warning(
    tmp_path: Path, cache: str, run_reader: RunReader
) -> None:
    project = write_project(tmp_path / "project", articles=3)
    folder = project / CACHE_DIR
    if cache == "file":
        folder.write_text("not a folder")
    elif cache == "bodies-file":
        folder.mkdir()
        (folder / BODIES).write_text("not a folder")
    else:
        outside = tmp_path / "elsewhere"
        outside.mkdir()
        folder.symlink_to(outside)
    result = run_reader("build", "--project", project, "--no-search")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project / "site") == clean_build(project, tmp_path / "clean", search=False)
    if cache == "bodies-file":  # a folder it can use: only the bodies are not kept
        assert (folder / BODIES).read_text() == "not a folder"
        return
    assert f"warning: {CACHE_DIR}" in result.stderr
    assert "building without it" in result.stderr
    if cache == "file":
        assert folder.read_text() == "not a folder"  # left for its owner to remove
    else:
        assert list((tmp_path / "elsewhere").iterdir()) == []  # nothing written out there
