"""What comes with reader besides its code: the default theme and the worked example.

An installed reader carries them as package data: the wheel maps this repository's
templates/ to reader/theme, and its content/ and seeds/ to reader/example (pyproject.toml
says how). Run from a source checkout (an editable install, or with src/ on the path), reader
is not installed that way, and takes the checkout's own folders instead: one source of truth
either way.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ReaderError

DISTRIBUTION = "policy-reader"
_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parents[1]  # src/reader -> the repository


def theme_folder() -> Path:
    """The default theme: the templates and static files a project does not replace."""
    return _find("theme", "templates", marker="base.html")


def example_folder() -> Path:
    """The worked example: a folder holding content/ and seeds/."""
    return _find("example", ".", marker="content/site.yaml")


def _find(packaged: str, in_checkout: str, *, marker: str) -> Path:
    folder = _PACKAGE / packaged
    if (folder / marker).is_file():
        return folder
    folder = _CHECKOUT / in_checkout
    if _is_checkout() and (folder / marker).is_file():
        return folder.resolve()
    raise ReaderError.single(
        f"reader/{packaged}",
        0,
        f"missing from this installation of reader ({_PACKAGE}); reinstall {DISTRIBUTION}",
    )


def _is_checkout() -> bool:
    """Whether reader runs from this project's own repository."""
    try:
        text = (_CHECKOUT / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return False
    return f'name = "{DISTRIBUTION}"' in text
