"""An article printed to PDF keeps its text and facts, and drops the navigation."""

from __future__ import annotations

import io
import unicodedata
from typing import TYPE_CHECKING

from browserkit import open_page
from pypdf import PdfReader

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ARTICLE = "articles/making-deals-with-the-taliban/index.html"


def _words(text: str) -> str:
    """Fold white space, soft hyphens and ligatures (PDF text has 'ﬁ' for 'fi')."""
    return " ".join(unicodedata.normalize("NFKC", text).replace("\u00ad", "").split())


def test_printed_article_has_full_text_and_metadata_and_no_chrome(
    browser: Browser, server: str
) -> None:
    page = open_page(browser)
    page.goto(server + ARTICLE)
    paragraphs = page.evaluate(
        "() => [...document.querySelectorAll('.prose p')].map(p => p.textContent)"
    )
    pdf = page.pdf(format="A4")
    page.context.close()
    text = _words(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    # Hyphenation may break words at line ends; compare with hyphens and spaces removed.
    flat = text.replace("-", "").replace(" ", "")
    for paragraph in paragraphs:
        assert _words(paragraph).replace("-", "").replace(" ", "") in flat, paragraph[:60]
    for fact in (
        "Mark Almond",
        "Daily Mail (probable)",
        "August 2021",
        "Inferred:",
        "whatsnew2day",
    ):
        assert fact in text, fact
    for chrome in ("Skip to content", "Earlier article", "Later article", "Other perspectives"):
        assert chrome not in text, chrome
