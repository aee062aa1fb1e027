"""A minimal site entry for unit tests: an article with only the fields a test names."""

from __future__ import annotations

from reader.entries import Entry
from reader.model import Article, Author, PartialDate, Stance

# The sample's stances, in the order of its stances.yaml.
STANCE_POSITIONS = {"engage": 1, "pressure": 2, "resist": 3}


def make_entry(slug: str, stance: str, published: str, topics: tuple[str, ...] = ()) -> Entry:
    """The entry of an article `slug` of `stance`, published on `published` (a partial date)."""
    article = Article(
        slug=slug,
        path=f"content/articles/{slug}.md",
        title=slug,
        authors=(Author("A"),),
        publication="P",
        published=PartialDate.parse(published),
        date_note=None,
        source_url=None,
        stance=stance,
        stance_note="n",
        summary="s",
        topics=topics,
        seed=None,
        curator_note=None,
        draft=False,
        body="b",
        body_line=1,
    )
    return Entry(
        article,
        Stance(stance, stance.title(), "d", STANCE_POSITIONS.get(stance, 1)),
        f"articles/{slug}/index.html",
    )
