"""HTML to PDF, through WeasyPrint: real text, working links, the same bytes for the same input.

WeasyPrint needs the Pango library of the system, which pip cannot install: without it (or
without WeasyPrint) the pack fails with one line saying what to install. The document may
come from a project's own templates, from anyone, so it may load nothing: no stylesheet,
image or font from the network or the disk (its stylesheet is given inline).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from .errors import ReaderError

INSTALL_HINT = (
    "reader pack needs WeasyPrint and the Pango library: pip install 'weasyprint>=70,<71', "
    "and on Debian or Ubuntu apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
)


@dataclass(frozen=True, slots=True)
class Pdf:
    data: bytes
    pages: int


def render_pdf(html: str) -> Pdf:
    """Lay out `html` (a whole document, its styles inline) in pages and write it as a PDF.

    Its title, language, description and dates (`dcterms.created`, `dcterms.modified`) come
    from the document's <head>; a PDF without those dates has none, so that two runs on the
    same input give the same bytes.
    """
    weasyprint = _import_weasyprint()

    class NoFetching(weasyprint.URLFetcher):  # type: ignore[misc, name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"a pack loads nothing from outside its document ({url})")

    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # a refused resource is our rule, not news
    try:
        document = weasyprint.HTML(string=html, url_fetcher=NoFetching()).render()
        data = document.write_pdf()
    finally:
        logger.setLevel(level)
    assert isinstance(data, bytes)
    return Pdf(data, len(document.pages))


def _import_weasyprint() -> Any:
    """WeasyPrint, or one line saying what to install: it loads Pango as it is imported."""
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise ReaderError.single("reader pack", 0, f"{INSTALL_HINT} ({reason})") from None
    return weasyprint
