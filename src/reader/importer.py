"""`reader import`: turn a raw scraped text into a draft article, reporting what was removed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .cleaner import Cleaned, clean_text
from .content import load_stances
from .errors import ReaderError
from .scaffold import (
    Draft,
    SuggestedAuthor,
    check_slug,
    check_stance,
    refuse_existing,
    render_draft,
    slugify,
    write_draft,
)
from .sources import read_text

SEEDS_DIR = "seeds"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What `import_seed` wrote and what the cleaner removed."""

    article: str  # the new file, relative to the project
    slug: str  # the article's slug: the one given, or one made from the headline
    seed: str  # the seed, relative to the project
    seed_copied: bool  # whether the seed was copied into seeds/
    cleaned: Cleaned


def import_seed(
    project: Path,
    seed_file: Path,
    *,
    today: dt.date,
    slug: str | None = None,
    stance: str | None = None,
) -> ImportReport:
    """Clean `seed_file` into a new draft article of `project`; never overwrite anything."""
    keys = tuple(s.key for s in load_stances(project))
    if stance is not None:
        check_stance(stance, keys)
    if not seed_file.is_file():
        raise ReaderError.single(str(seed_file), 0, "no such file")
    cleaned = clean_text(read_text(seed_file, shown=str(seed_file), root=None))
    if not cleaned.paragraphs:
        raise ReaderError.single(str(seed_file), 0, "nothing is left once the noise is removed")
    slug = check_slug(slug) if slug is not None else _slug_from_title(cleaned, seed_file)
    refuse_existing(project, slug)
    seed, copied = place_seed(project, seed_file)
    draft = Draft(
        title=cleaned.title,
        title_source=_title_source(cleaned),
        published=today,
        stance=stance,
        stance_keys=keys,
        body=cleaned.body,
        origin=(
            f"A draft made by `reader import` from {seed}. Replace every TODO below and read "
            "the body against the seed, then set `draft: false` and run `reader check`."
        ),
        authors=tuple(
            SuggestedAuthor(a.name, a.about, f"the seed's line {a.line}") for a in cleaned.authors
        ),
        seed=seed,
        notes=tuple(f"line {r.line} ({r.reason}): {r.text}" for r in cleaned.suggestions),
    )
    article = write_draft(project, slug, render_draft(draft))
    return ImportReport(article=article, slug=slug, seed=seed, seed_copied=copied, cleaned=cleaned)


def _slug_from_title(cleaned: Cleaned, seed_file: Path) -> str:
    if cleaned.title is None:
        message = "found no title line to name the article after: give one with --slug"
        raise ReaderError.single(str(seed_file), 0, message)
    return slugify(cleaned.title)


def _title_source(cleaned: Cleaned) -> str | None:
    line = next((r.line for r in cleaned.removed if r.reason.startswith("title line")), None)
    return f"from the seed's line {line}" if line is not None else None


def place_seed(project: Path, seed_file: Path) -> tuple[str, bool]:
    """The seed's path in the project, copying it unchanged into seeds/ if it is elsewhere."""
    seeds = (project / SEEDS_DIR).resolve()
    source = seed_file.resolve()
    if source.is_relative_to(seeds):
        return source.relative_to(project.resolve()).as_posix(), False
    target = seeds / seed_file.name
    shown = f"{SEEDS_DIR}/{seed_file.name}"
    data = source.read_bytes()
    if target.exists():
        if target.is_file() and target.read_bytes() == data:
            return shown, False
        message = "already exists with other content: rename the seed you are importing"
        raise ReaderError.single(shown, 0, message)
    try:
        seeds.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as file:
            file.write(data)
    except OSError as exc:
        raise ReaderError.single(shown, 0, f"cannot copy the seed: {exc.strerror or exc}") from None
    return shown, True
