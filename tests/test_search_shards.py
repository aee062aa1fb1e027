"""The search index in shards: which pages each holds, and a rebuild that indexes again only the
shards whose pages changed, into the same bytes as a clean build."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader import search
from reader.build import build
from reader.pagefind_index import SIGNATURE, order_filters
from reader.search import SITE_SHARD, Shard, find_pagefind, indexed_part, plan_shards

if TYPE_CHECKING:
    from conftest import MakeProject, Snapshot

ROOT = Path(__file__).resolve().parent.parent


def _article(year: int, number: int) -> tuple[int, str]:
    return year, f"articles/a{year}-{number}/index.html"


def test_the_sites_own_pages_come_first_and_run_the_search() -> None:
    shards = plan_shards([_article(2020, 1)], ["index.html", "about/index.html"], size=10)
    assert shards == (
        Shard(SITE_SHARD, ("index.html", "about/index.html"), engine=True),
        Shard("articles-2020", ("articles/a2020-1/index.html",)),
    )


def test_articles_go_in_runs_of_whole_years_of_at_most_the_size() -> None:
    articles = [
        *(_article(2001, n) for n in range(3)),
        *(_article(2002, n) for n in range(2)),
        *(_article(2004, n) for n in range(4)),
        *(_article(2005, n) for n in range(1)),
    ]
    shards = plan_shards(articles, [], size=5)
    assert [(s.name, len(s.pages), s.engine) for s in shards] == [
        ("articles-2001-to-2002", 5, True),
        ("articles-2004-to-2005", 5, False),
    ]


def test_a_year_with_more_articles_than_the_size_has_shards_of_its_own() -> None:
    articles = [_article(2003, 0), *(_article(2004, n) for n in range(7)), _article(2005, 0)]
    shards = plan_shards(articles, ["index.html"], size=3)
    assert [(s.name, len(s.pages)) for s in shards] == [
        ("site", 1),
        ("articles-2003", 1),
        ("articles-2004-part-1", 3),
        ("articles-2004-part-2", 3),
        ("articles-2004-part-3", 1),
        ("articles-2005", 1),
    ]
    assert shards[2].pages[0] == "articles/a2004-0/index.html"  # in the order given: by date


@given(
    years=st.lists(st.integers(1990, 2030), max_size=60),
    others=st.integers(0, 3),
    size=st.integers(1, 12),
)
def test_every_page_is_in_one_shard_and_no_shard_is_over_the_size(
    years: list[int], others: int, size: int
) -> None:
    articles = [_article(year, number) for number, year in enumerate(sorted(years))]
    pages = [f"page-{n}/index.html" for n in range(others)]
    shards = plan_shards(articles, pages, size=size)
    held = [page for shard in shards for page in shard.pages]
    assert sorted(held) == sorted([path for _, path in articles] + pages)
    assert all(len(s.pages) <= size for s in shards if s.name != SITE_SHARD)
    assert [s.engine for s in shards] == [True, *[False] * (len(shards) - 1)][: len(shards)]
    assert len({s.name for s in shards}) == len(shards)
    assert all(re.fullmatch(r"[a-z0-9-]+", s.name) for s in shards)
    assert plan_shards(articles, pages, size=size) == shards


def test_changing_an_articles_text_keeps_every_shard_as_it_was() -> None:
    # What a body edit changes is not the plan: only the bytes of one shard's pages.
    articles = [_article(2000 + n % 7, n) for n in range(40)]
    articles.sort()
    assert plan_shards(articles, ["index.html"], size=8) == plan_shards(
        list(articles), ["index.html"], size=8
    )


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shards of at most two articles: the test project's three (two of 2021, one of 2024) in
    two."""
    monkeypatch.setattr(search, "SHARD_ARTICLES", 2)


@pytest.fixture
def logging_pagefind(tmp_path: Path) -> tuple[Path, Path]:
    """Pagefind behind a script that logs the bundle of each shard it is asked to index."""
    real = find_pagefind()
    if real is None:
        pytest.fail("pagefind-bin is a dependency of reader: run 'make setup'")
    log = tmp_path / "indexed.log"
    script = tmp_path / "pagefind"
    # reader runs it as: pagefind --site . --output-path BUNDLE ...
    script.write_text(
        f'#!/bin/sh\n[ "$1" = "--output-path" ] || [ "$3" != "--output-path" ] || '
        f"echo \"$4\" >> '{log}'\nexec '{real}' \"$@\"\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script, log


def _indexed(log: Path) -> list[str]:
    """The shards indexed since the log was last read, by name."""
    names = sorted(Path(line).name for line in log.read_text(encoding="utf-8").split())
    log.write_text("", encoding="utf-8")
    return names


def _urls(bundle: Path) -> set[str]:
    """The addresses of the pages a bundle's index holds, from its fragments."""
    urls = set()
    for path in (bundle / "fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        urls.add(json.loads(raw[len(SIGNATURE) :])["url"])
    return urls


def _files(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under `folder`: its inode and bytes."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file()
    }


def _edit_body(project: Path, slug: str) -> None:
    path = project / "content" / "articles" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\nA closing sentence added by the curator.\n", encoding="utf-8")


@pytest.mark.usefixtures("small_shards")
def test_a_rebuild_indexes_again_only_the_shard_of_the_edited_article(
    make_project: MakeProject,
    tmp_path: Path,
    snapshot: Snapshot,
    logging_pagefind: tuple[Path, Path],
) -> None:
    pagefind, log = logging_pagefind
    project = make_project()
    out = project / "site"
    build(project, out, pagefind=pagefind)
    bundles = sorted(p.name for p in (out / "pagefind").iterdir())
    assert _indexed(log) == bundles
    assert bundles == ["articles-2021", "articles-2024", "site"]
    form = (out / "search" / "index.html").read_text(encoding="utf-8")
    merged = re.search(r'data-merge="([^"]*)"', form)
    assert merged is not None
    assert sorted(["site", *(p.split("/")[-2] for p in merged.group(1).split())]) == bundles
    slug = "engage-now"
    before = _files(out / "pagefind")
    _edit_body(project, slug)
    build(project, out, pagefind=pagefind)
    (shard,) = _indexed(log)
    after = _files(out / "pagefind")
    # Every file of the index whose bytes did not change is the previous build's file still,
    # in the shards kept whole and in the one indexed again alike.
    same = [name for name in after if name in before and after[name][1] == before[name][1]]
    assert any(name.startswith(f"{shard}/") for name in same)
    assert [n for n in same if after[n][0] != before[n][0]] == []
    assert any(before.get(n, (0, b""))[1] != after[n][1] for n in after if n.startswith(shard))
    assert f"/articles/{slug}/index.html" in _urls(out / "pagefind" / shard)
    build(project, out, pagefind=pagefind)  # nothing changed
    assert _indexed(log) == []
    clean = tmp_path / "clean"
    build(project, clean, cache=False, pagefind=pagefind)
    assert _indexed(log) == bundles
    assert snapshot(clean) == snapshot(out)


@pytest.mark.usefixtures("small_shards")
def test_a_rebuild_whose_old_output_was_touched_indexes_every_shard_again(
    make_project: MakeProject, logging_pagefind: tuple[Path, Path]
) -> None:
    pagefind, log = logging_pagefind
    project = make_project()
    out = project / "site"
    build(project, out, pagefind=pagefind)
    bundles = _indexed(log)
    _edit_body(project, "resist-together")
    os.utime(out / "index.html", (0, 0))  # the output is no longer as the last build left it
    build(project, out, pagefind=pagefind)
    assert _indexed(log) == bundles


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (b"<p>a</p><div data-pagefind-ignore>b</div><p>c</p>", b"<p>a</p><p>c</p>"),
        (  # nested elements of the same name
            b"<div>a<div data-pagefind-ignore><div>b</div><div>c</div></div>d</div>",
            b"<div>a d</div>".replace(b" ", b""),
        ),
        (  # an ignored element inside one already cut, and a value
            b'<nav data-pagefind-ignore="all"><ul data-pagefind-ignore><li>x</li></ul></nav>z',
            b"z",
        ),
        (b"a<IMG src=x data-pagefind-ignore>b", b"ab"),  # no end tag; any case
        (b"<SECTION data-pagefind-ignore><p>x</SECTION>y", b"y"),
        # Kept: a filter inside (Pagefind still reads it), or an end that is never found.
        (
            b'<div data-pagefind-ignore><span data-pagefind-filter="k:v"></span></div>',
            b'<div data-pagefind-ignore><span data-pagefind-filter="k:v"></span></div>',
        ),
        (b"<div data-pagefind-ignore><div>x</div>", b"<div data-pagefind-ignore><div>x</div>"),
        (b"<div data-pagefind-ignored>x</div>", b"<div data-pagefind-ignored>x</div>"),
    ],
)
def test_the_pages_pagefind_is_given_lack_what_it_would_skip(html: bytes, expected: bytes) -> None:
    assert indexed_part(html) == expected


def test_pagefind_makes_the_same_index_of_the_reduced_pages_as_of_the_pages(
    tmp_path: Path,
) -> None:
    pagefind = find_pagefind()
    if pagefind is None:
        pytest.fail("pagefind-bin is a dependency of reader: run 'make setup'")
    site = tmp_path / "site"
    build(ROOT, site, search=False)
    listed = [
        p for p in site.rglob("index.html") if p.relative_to(site).as_posix() != "search/index.html"
    ]
    bundles = {}
    for way, transform in (("whole", lambda b: b), ("reduced", indexed_part)):
        pages = tmp_path / way
        for path in listed:
            target = pages / path.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(transform(path.read_bytes()))
        subprocess.run(
            [pagefind, "--site", ".", "--output-path", "../bundle-" + way, "--silent"],
            cwd=pages,
            check=True,
        )
        order_filters(tmp_path / f"bundle-{way}")
        bundles[way] = {
            p.relative_to(tmp_path / f"bundle-{way}").as_posix(): p.read_bytes()
            for p in (tmp_path / f"bundle-{way}").rglob("*")
            if p.is_file()
        }
    assert bundles["reduced"] == bundles["whole"]
    reduced = sum(len(indexed_part(p.read_bytes())) for p in listed)
    assert reduced < 0.8 * sum(p.stat().st_size for p in listed)
