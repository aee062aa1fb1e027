"""The search index: built by Pagefind before the swap, stable, and optional where it can't run."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from html_tree import Element, parse_html
from reader.build import build
from reader.errors import ReaderError
from reader.pagefind_index import (
    SIGNATURE,
    CborValue,
    decode_cbor,
    encode_cbor,
    order_filters,
    pagefind_hash,
)
from reader.search import SEARCH, UNUSED_BUNDLE_FILES, find_pagefind
from reader.templates import CONTENT_SECURITY_POLICY

if TYPE_CHECKING:
    from conftest import MakeProject, RunReader, Snapshot

ROOT = Path(__file__).resolve().parent.parent


def _payload(path: Path) -> CborValue:
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(SIGNATURE)
    return decode_cbor(raw[len(SIGNATURE) :])


def _page(path: Path) -> Element:
    return parse_html(path.read_text(encoding="utf-8"))


# The sample's index: the site's own pages in the first shard, which runs the search, and its
# five articles (2021 to 2024) in one more.
PRIMARY = "pagefind/site"
ARTICLES = "pagefind/articles-2021-to-2024"


def _bundle(site: Path, folder: str = "pagefind") -> dict[str, bytes]:
    bundle = site / folder
    files = sorted(p for p in bundle.rglob("*") if p.is_file())
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in files}


def _entries(site: Path) -> dict[str, Any]:
    """Each bundle's entry file, by the bundle's folder."""
    return {
        path.parent.relative_to(site).as_posix(): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((site / "pagefind").glob("*/pagefind-entry.json"))
    }


def _page_count(site: Path) -> int:
    return sum(e["languages"]["en"]["page_count"] for e in _entries(site).values())


def _fake_pagefind(folder: Path, script: str) -> Path:
    """A stand-in program that answers --version like Pagefind, then runs `script`."""
    path = folder / "pagefind"
    path.write_text(
        '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pagefind 1.5.2"; exit 0; fi\n' + script,
        encoding="utf-8",
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if find_pagefind() is None:
        pytest.fail("pagefind-bin is a dependency of reader: run 'make setup'")
    out = tmp_path_factory.mktemp("searchable") / "site"
    report = build(ROOT, out)
    assert not [w for w in report.warnings if w.startswith("search")]
    return out


def _listed(site: Path) -> int:
    """How many pages the index should hold: all but the 404 and search pages."""
    return len([p for p in site.rglob("*.html") if p.relative_to(site).as_posix() != SEARCH]) - 1


def test_the_index_covers_the_listed_pages_and_ships_only_what_the_page_uses(site: Path) -> None:
    entries = _entries(site)
    assert list(entries) == [ARTICLES, PRIMARY]
    assert [list(e["languages"]) for e in entries.values()] == [["en"], ["en"]]
    assert entries[ARTICLES]["languages"]["en"]["page_count"] == 5
    assert _page_count(site) == _listed(site)
    assert _listed(site) >= 8  # index, timeline, about and the five articles at least
    # The first bundle runs the search: only it has Pagefind's module and WebAssembly.
    assert (site / PRIMARY / "pagefind.js").is_file()
    assert (site / PRIMARY / "wasm.en.pagefind").is_file()
    assert not (site / ARTICLES / "pagefind.js").exists()
    assert list((site / ARTICLES).glob("wasm.*")) == []
    for name in UNUSED_BUNDLE_FILES:
        assert list((site / "pagefind").rglob(name)) == [], name


def test_the_stance_filter_holds_each_stances_articles(site: Path) -> None:
    (path,) = (site / ARTICLES / "filter").iterdir()
    assert not (site / PRIMARY / "filter").exists()  # no stance on the site's own pages
    name, values = _payload(path)  # type: ignore[misc]
    assert name == "stance"
    counts = {value: len(pages) for value, pages in values}  # type: ignore[misc]
    assert counts == {"engage": 3, "pressure": 1, "resist": 1}
    assert [value for value, _ in values] == sorted(counts)  # type: ignore[misc]


def test_every_cbor_file_pagefind_wrote_encodes_back_to_its_bytes(site: Path) -> None:
    files = [
        path
        for suffix in (".pf_meta", ".pf_index", ".pf_filter")
        for path in sorted((site / "pagefind").rglob(f"*{suffix}"))
    ]
    assert {path.suffix for path in files} == {".pf_meta", ".pf_index", ".pf_filter"}
    for path in files:
        payload = gzip.decompress(path.read_bytes())[len(SIGNATURE) :]
        assert encode_cbor(decode_cbor(payload)) == payload, path


def test_only_the_listed_pages_mark_a_body_to_index(site: Path) -> None:
    for path in site.rglob("*.html"):
        page = _page(path)
        bodies = [e.tag for e in page.iter() if "data-pagefind-body" in e.attrs]
        listed = path.relative_to(site).as_posix() not in (SEARCH, "404.html")
        assert bodies == (["main"] if listed else []), path
        ignored = {
            e.attrs.get("class", "").split()[0]
            for e in page.iter()
            if "data-pagefind-ignore" in e.attrs
        }
        assert ignored <= {
            "card",
            "article__footer",
            "pager",
            "perspectives",
            "mentions",
            "panel",  # an article's positions
            "table-scroll",  # the matrix of answers
            "position",  # a question's answers, quoting the articles
            "compact-list",
        }, path


def test_the_search_page_alone_may_run_scripts_and_webassembly_from_its_own_origin(
    site: Path,
) -> None:
    for path in site.rglob("*.html"):
        (meta,) = [
            e
            for e in _page(path).find_all("meta")
            if e.attrs.get("http-equiv") == "Content-Security-Policy"
        ]
        policy = meta.attrs["content"]
        if path.relative_to(site).as_posix() != SEARCH:
            assert policy == CONTENT_SECURITY_POLICY, path
            assert "script-src" not in policy
            continue
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'none'"
        assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"
        assert directives["connect-src"] == "'self'"
        assert "unsafe-inline" not in policy
        assert "unsafe-eval'" not in policy.replace("wasm-unsafe-eval'", "")


def test_the_search_page_explains_itself_and_loads_the_sites_own_script(site: Path) -> None:
    page = _page(site / SEARCH)
    assert "needs JavaScript" in page.find("main").text
    form = page.by_id("search-form")
    assert form is not None
    assert "hidden" in form.attrs  # shown by the script, so never a dead form without it
    assert form.attrs["data-bundle"] == "../pagefind/site/pagefind.js"
    assert form.attrs["data-merge"] == "../pagefind/articles-2021-to-2024/"
    assert [s.attrs for s in page.find_all("script")] == [{"src": "../static/search.js"}]
    stances = [e.attrs["value"] for e in form.find_all("input") if e.attrs.get("name") == "stance"]
    assert stances == ["", "engage", "pressure", "resist"]
    nav = [a.text for a in page.find("nav").find_all("a")]
    assert "Search" in nav


def test_two_builds_write_the_same_index_byte_for_byte(site: Path, tmp_path: Path) -> None:
    # Pagefind orders filter values by a hash table seeded anew each run: with three stances,
    # five unsorted builds agreeing by chance has odds of 1 in 6**5.
    reference = _bundle(site)
    for number in range(5):
        build(ROOT, tmp_path / str(number))
        assert _bundle(tmp_path / str(number)) == reference


def test_ordering_the_filters_twice_changes_nothing(site: Path, tmp_path: Path) -> None:
    for folder in (PRIMARY, ARTICLES):
        bundle = tmp_path / folder
        for name, data in _bundle(site, folder).items():
            (bundle / name).parent.mkdir(parents=True, exist_ok=True)
            (bundle / name).write_bytes(data)
        order_filters(bundle)
    assert _bundle(tmp_path) == _bundle(site)
    assert len(_bundle(site)) > 5


def test_ordered_files_are_named_by_their_content_as_pagefind_names_them(site: Path) -> None:
    entry = _entries(site)[ARTICLES]
    meta_hash = entry["languages"]["en"]["hash"]
    meta_path = site / ARTICLES / f"pagefind.{meta_hash}.pf_meta"
    raw = gzip.decompress(meta_path.read_bytes())[len(SIGNATURE) :]
    assert meta_hash == "en_" + pagefind_hash(raw)[:10]
    (filter_path,) = (site / ARTICLES / "filter").iterdir()
    raw = gzip.decompress(filter_path.read_bytes())[len(SIGNATURE) :]
    assert filter_path.stem == "en_" + pagefind_hash(raw)[:7]
    assert _payload(meta_path)[3] == [["stance", filter_path.stem]]  # type: ignore[index]


def test_pagefind_settings_in_the_environment_do_not_change_the_index(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "fr")
    monkeypatch.setenv("PAGEFIND_GLOB", "404.html")
    project = make_project()
    build(project, project / "site")
    entries = _entries(project / "site")
    assert [list(e["languages"]) for e in entries.values()] == [["en"], ["en"]]
    assert _page_count(project / "site") == _listed(project / "site")


def test_where_pagefind_cannot_run_the_site_is_built_without_search_and_says_so(
    make_project: MakeProject, tmp_path: Path
) -> None:
    project = make_project()
    not_a_program = tmp_path / "pagefind"
    not_a_program.write_bytes(b"\x7fELF but not really")
    not_a_program.chmod(0o755)
    report = build(project, project / "site", pagefind=not_a_program)
    (warning,) = [w for w in report.warnings if w.startswith("search:")]
    assert "cannot run" in warning
    assert "without a search index" in warning
    assert not (project / "site" / "pagefind").exists()
    page = _page(project / "site" / SEARCH)
    assert "built without its search index" in page.find("main").text
    assert page.find_all("script") == []
    assert page.by_id("search-form") is None


def test_a_missing_pagefind_is_a_warning_too(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project()
    report = build(project, project / "site", pagefind=tmp_path / "nowhere" / "pagefind")
    assert [w for w in report.warnings if w.startswith("search:")] != []
    assert (project / "site" / "index.html").is_file()


def test_building_without_search_on_request_gives_no_index_and_no_warning(
    make_project: MakeProject,
) -> None:
    project = make_project()
    report = build(project, project / "site", search=False)
    assert not [w for w in report.warnings if w.startswith("search")]
    assert not (project / "site" / "pagefind").exists()
    assert "built without its search index" in _page(project / "site" / SEARCH).text


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (
            'echo "Error: could not read the site" >&2; exit 3\n',
            "Error: could not read the site (pagefind/site)",
        ),
        ("exit 0\n", "Pagefind wrote no pagefind/site/pagefind-entry.json"),
    ],
    ids=["fails", "writes-nothing"],
)
def test_a_failed_index_never_replaces_a_good_site(
    make_project: MakeProject, tmp_path: Path, snapshot: Snapshot, script: str, message: str
) -> None:
    project = make_project()
    build(project, project / "site")
    before = snapshot(project / "site")
    assert "pagefind/site/pagefind.js" in before
    with pytest.raises(ReaderError) as failure:
        build(project, project / "site", pagefind=_fake_pagefind(tmp_path, script))
    (problem,) = failure.value.problems
    assert str(problem) == f"pagefind: search index failed: {message}"
    assert snapshot(project / "site") == before
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".site.")]
    assert leftovers == []


def test_a_build_with_search_after_one_without_is_never_up_to_date(
    make_project: MakeProject,
) -> None:
    project = make_project()
    build(project, project / "site", search=False)
    report = build(project, project / "site")
    assert not report.up_to_date
    assert (project / "site" / PRIMARY / "pagefind.js").is_file()


def _meta(bundle: Path) -> tuple[str, list[str]]:
    """The metadata file's name, and the fragments, index chunks and filters it names."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    name = f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    meta: Any = _payload(bundle / name)
    _, pages, chunks, filters, *_ = meta
    named = [
        *(f"fragment/{page[0]}.pf_fragment" for page in pages),
        *(f"index/{chunk[2]}.pf_index" for chunk in chunks),
        *(f"filter/{item[1]}.pf_filter" for item in filters),
    ]
    return name, named


def _named(bundle: Path, folder: str) -> str:
    """The first file under `folder` that the metadata names."""
    return sorted(n for n in _meta(bundle)[1] if n.startswith(f"{folder}/"))[0]


def _empty_all(bundle: Path) -> str:
    for path in bundle.rglob("*"):
        if path.is_file():
            path.write_bytes(b"")
    return "pagefind-entry.json is empty"


def _empty_entry(bundle: Path) -> str:
    (bundle / "pagefind-entry.json").write_bytes(b"")
    return "pagefind-entry.json is empty"


def _cut_entry(bundle: Path) -> str:
    path = bundle / "pagefind-entry.json"
    path.write_bytes(path.read_bytes()[:-20])
    return "pagefind-entry.json is not whole JSON"


def _cut(name: Callable[[Path], str]) -> Callable[[Path], str]:
    def damage(bundle: Path) -> str:
        relative = name(bundle)
        path = bundle / relative
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        return f"{relative} is cut short"

    return damage


def _cut_module(bundle: Path) -> str:
    path = bundle / "pagefind.js"
    path.write_bytes(path.read_bytes()[:40960])  # where a full disk stops it: a page boundary
    return "pagefind.js is cut short"


def _remove(name: Callable[[Path], str]) -> Callable[[Path], str]:
    def damage(bundle: Path) -> str:
        relative, (meta, _) = name(bundle), _meta(bundle)
        (bundle / relative).unlink()
        named_by = "pagefind-entry.json" if relative == meta else meta
        return f"{relative} is missing, though {PRIMARY}/{named_by} names it"

    return damage


def _unsigned_filter(bundle: Path) -> str:
    relative = _named(bundle, "filter")
    raw = gzip.decompress((bundle / relative).read_bytes())
    (bundle / relative).write_bytes(gzip.compress(raw[len(SIGNATURE) :]))
    return f"{relative} lacks Pagefind's signature"


def _empty_unused(bundle: Path) -> str:
    (bundle / "pagefind-ui.css").write_bytes(b"")  # not shipped, but written by Pagefind
    return "pagefind-ui.css is empty"


DAMAGES: dict[str, Callable[[Path], str]] = {
    "every-file-empty": _empty_all,
    "entry-empty": _empty_entry,
    "entry-cut": _cut_entry,
    "metadata-cut": _cut(lambda bundle: _meta(bundle)[0]),
    "fragment-cut": _cut(lambda bundle: _named(bundle, "fragment")),
    "index-cut": _cut(lambda bundle: _named(bundle, "index")),
    "filter-cut": _cut(lambda bundle: _named(bundle, "filter")),
    "wasm-cut": _cut(lambda bundle: "wasm.en.pagefind"),
    "generic-wasm-cut": _cut(lambda bundle: "wasm.unknown.pagefind"),
    "module-cut": _cut_module,
    "fragment-missing": _remove(lambda bundle: _named(bundle, "fragment")),
    "index-missing": _remove(lambda bundle: _named(bundle, "index")),
    "filter-missing": _remove(lambda bundle: _named(bundle, "filter")),
    "metadata-missing": _remove(lambda bundle: _meta(bundle)[0]),
    "filter-unsigned": _unsigned_filter,
    "unused-file-empty": _empty_unused,
}


def _whole_bundle(site: Path, into: Path) -> Path:
    """A bundle as Pagefind writes it, at `into`: the sample's articles' index (with its stance
    filter), with the module and WebAssembly that reader keeps only in the first bundle."""
    shutil.copytree(site / ARTICLES, into)
    for name in ("pagefind.js", "wasm.en.pagefind", "wasm.unknown.pagefind"):
        shutil.copyfile(site / PRIMARY / name, into / name)
    return into


def _copying_pagefind(folder: Path, bundle: Path) -> Path:
    """A stand-in Pagefind that writes a copy of `bundle` as each shard's index and exits 0."""
    # reader runs it as: pagefind --site . --output-path BUNDLE ...
    return _fake_pagefind(folder, f"cp -R '{bundle}' \"$4\"\nexit 0\n")


@pytest.mark.parametrize("damage", list(DAMAGES.values()), ids=list(DAMAGES))
def test_an_index_with_a_missing_empty_or_cut_file_never_replaces_a_good_site(
    site: Path,
    make_project: MakeProject,
    tmp_path: Path,
    snapshot: Snapshot,
    damage: Callable[[Path], str],
) -> None:
    # Pagefind ignores failed writes and exits 0: a full disk leaves its files empty or cut.
    bundle = _whole_bundle(site, tmp_path / "written")
    (bundle / "pagefind-ui.css").write_text(".pagefind-ui{}\n", encoding="utf-8")
    bad = damage(bundle)
    project = make_project()
    build(project, project / "site")
    before = snapshot(project / "site")
    with pytest.raises(ReaderError) as failure:
        build(project, project / "site", pagefind=_copying_pagefind(tmp_path, bundle))
    (problem,) = failure.value.problems
    assert str(problem).startswith(f"pagefind: search index failed: {PRIMARY}/{bad}"), problem
    assert "\n" not in str(problem)
    assert snapshot(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.")] == []


def test_an_index_whose_every_file_is_whole_is_shipped(
    site: Path, make_project: MakeProject, tmp_path: Path
) -> None:
    bundle = _whole_bundle(site, tmp_path / "written")
    project = make_project()
    report = build(project, project / "site", pagefind=_copying_pagefind(tmp_path, bundle))
    assert not [w for w in report.warnings if w.startswith("search")]
    for folder in (PRIMARY, ARTICLES):
        engine = folder == PRIMARY
        expected = {
            name: data
            for name, data in _bundle(tmp_path, "written").items()
            if engine or not name.startswith(("pagefind.js", "wasm."))
        }
        assert _bundle(project / "site", folder) == expected


def test_a_whole_index_laid_out_otherwise_is_shipped_with_a_warning(
    site: Path, make_project: MakeProject, tmp_path: Path
) -> None:
    # A Pagefind that writes its metadata otherwise: every file is whole, so the index works;
    # reader only cannot put its filters in order.
    bundle = _whole_bundle(site, tmp_path / "written")
    meta, _ = _meta(bundle)
    payload = encode_cbor({"version": "9.9.9"})
    (bundle / meta).write_bytes(gzip.compress(SIGNATURE + payload))
    project = make_project()
    report = build(project, project / "site", pagefind=_copying_pagefind(tmp_path, bundle))
    (warning,) = [w for w in report.warnings if w.startswith("search")]
    assert "every file in it is whole" in warning
    assert "left in Pagefind's order" in warning
    assert (project / "site" / PRIMARY / meta).read_bytes() == (bundle / meta).read_bytes()


def _pages(folder: Path) -> int:
    """The room the files under `folder` take on a tmpfs: whole pages of 4 KiB."""
    return sum(-(-p.stat().st_size // 4096) * 4096 for p in folder.rglob("*") if p.is_file())


def _room_for_the_index(project: Path, tmp_path: Path, run_reader: RunReader) -> int:
    """What Pagefind writes for `project`, everything included, in bytes of a tmpfs."""
    roomy = tmp_path / "roomy"
    assert run_reader("build", "--project", project, "--out", roomy, "--no-search").returncode == 0
    pagefind = find_pagefind()
    assert pagefind is not None
    subprocess.run(
        [pagefind, "--site", ".", "--output-subdir", "pagefind", "--silent"], cwd=roomy, check=True
    )
    return _pages(roomy / "pagefind")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mounting a tmpfs needs root"
)
def test_a_disk_that_fills_up_while_indexing_fails_the_build_and_keeps_the_site(
    tmp_path: Path, run_reader: RunReader, snapshot: Snapshot
) -> None:
    project = tmp_path / "reader"
    for name in ("content", "templates", "seeds"):
        shutil.copytree(ROOT / name, project / name)
    need = _room_for_the_index(project, tmp_path, run_reader)
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk], check=True)
    try:
        out = disk / "site"
        first = run_reader("build", "--project", project, "--out", out, "--no-search")
        assert first.returncode == 0, first.stderr
        before = snapshot(out)
        # Leave room for the new pages and about half the index: Pagefind then writes some
        # files whole and some empty or cut short, exits 0, and leaves room for the rest of
        # the build, so only reading its files back tells.
        free = shutil.disk_usage(disk).free
        room = need * 6 // 10
        assert free > room, "the sample site no longer leaves room on a 2 MB disk"
        (disk / "ballast").write_bytes(bytes(free - room))
        failed = run_reader("build", "--project", project, "--out", out)
        problems = [line for line in failed.stderr.splitlines() if "warning" not in line]
        assert failed.returncode == 1, failed.stderr
        assert "Traceback" not in failed.stderr
        assert problems[0].startswith("pagefind: search index failed: pagefind/"), problems
        assert problems[1:] == ["reader: build failed (1 problem); the output was left as it was"]
        assert snapshot(out) == before
        assert sorted(p.name for p in disk.iterdir()) == ["ballast", "site"]
    finally:
        subprocess.run(["umount", disk], check=True)
