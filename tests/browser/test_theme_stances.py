"""The theme on a reader of another question: stances it has never heard of, six of them, each
told apart by colour and mark in its place of stances.yaml (the sixth as the first), the
picture's caption naming them, and nothing axe objects to, in light and dark."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browserkit import axe_violations, open_page

from reader import starter
from reader.build import build

if TYPE_CHECKING:
    from playwright.sync_api import Browser

KEYS = ("ban", "license", "audit", "label", "wait", "ignore")
ARTICLE = """\
---
title: The case for {key}
authors:
  - name: Author {number}
publication: Review {number}
published: "202{number}-0{number}-1{number}"
date_note: The day is printed on the original.
source_url: https://example.org/{key}
stance: {key}
stance_note: It argues for {key}.
summary: A summary of the case for {key}.
---

The author argues for {key}, at length.
"""


@pytest.fixture(scope="module")
def six_stances(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("six")
    files = starter.new_reader_files(title="Rules for AI", question="How should AI be ruled?")
    stances = "".join(
        f"- key: {key}\n  label: {key.title()}\n  definition: Argue for {key}.\n" for key in KEYS
    )
    files["content/stances.yaml"] = stances.encode()
    for number, key in enumerate(KEYS, start=1):
        text = ARTICLE.format(key=key, number=number)
        files[f"content/articles/case-for-{key}.md"] = text.encode()
    starter.write_project(root / "project", files)
    build(root / "project", root / "site", cache=False, search=False)
    return root / "site"


def test_each_stance_has_its_own_colour_and_mark_by_its_place(
    browser: Browser, six_stances: Path
) -> None:
    page = open_page(browser)
    page.goto((six_stances / "index.html").as_uri())
    looks = page.evaluate(
        """() => [...document.querySelectorAll('.stance')].map(s => {
            const mark = getComputedStyle(s.querySelector('.badge__mark'));
            return [getComputedStyle(s).borderTopColor, mark.borderRadius, mark.clipPath];
        })"""
    )
    assert len(looks) == 6
    assert len({tuple(look) for look in looks[:5]}) == 5  # five looks, all different
    assert looks[5] == looks[0]  # the sixth takes the first's again
    shapes = page.evaluate(
        "() => [...document.querySelectorAll('.debate__svg--wide .debate__mark')]"
        ".map(a => a.querySelector('circle, rect, polygon').outerHTML.split(' ')[0] + "
        "a.querySelectorAll('polygon').length + a.className.baseVal.split(' ').pop())"
    )
    by_slot = dict(sorted({shape[-1]: shape for shape in shapes}.items()))
    assert len(by_slot) == 5
    caption = page.locator(".debate figcaption").inner_text()
    assert "(● ban, ■ license, ▲ audit, ◆ label, ▼ wait, ● ignore)" in caption
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_six_stance_reader(
    browser: Browser, six_stances: Path, axe_source: str, scheme: str
) -> None:
    for name in ("index.html", "timeline/index.html", "articles/case-for-wait/index.html"):
        page = open_page(browser, color_scheme=scheme, bypass_csp=True)  # type: ignore[arg-type]
        page.goto((six_stances / name).as_uri())
        assert axe_violations(page, axe_source, label=f"{scheme} {name}") == []
        page.context.close()
