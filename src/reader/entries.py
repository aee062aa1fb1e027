"""Where pages live, and articles as other pages list them. No I/O."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Article, Stance

INDEX = "index.html"
TIMELINE = "timeline/index.html"
ABOUT = "about/index.html"
ACTORS = "actors/index.html"
TOPICS = "topics/index.html"
QUESTIONS = "questions/index.html"
NOT_FOUND = "404.html"


def article_path(slug: str) -> str:
    return f"articles/{slug}/index.html"


def actor_path(key: str) -> str:
    return f"actors/{key}/index.html"


def topic_path(key: str) -> str:
    return f"topics/{key}/index.html"


def question_path(key: str) -> str:
    return f"questions/{key}/index.html"


def timeline_year_path(year: int) -> str:
    return f"timeline/{year}/index.html"


def stance_path(key: str) -> str:
    return f"stances/{key}/index.html"


def stance_anchor(key: str) -> str:
    return f"stance-{key}"


@dataclass(frozen=True, slots=True)
class Entry:
    """An article as other pages list it: with its stance and its page's path."""

    article: Article
    stance: Stance
    path: str

    @property
    def timeline_anchor(self) -> str:
        return f"article-{self.article.slug}"


@dataclass(frozen=True, slots=True)
class StanceGroup:
    stance: Stance
    entries: tuple[Entry, ...]  # newest first

    @property
    def anchor(self) -> str:
        return stance_anchor(self.stance.key)


def group_by_stance(
    stances: Sequence[Stance], chronology: Sequence[Entry]
) -> tuple[StanceGroup, ...]:
    """One group per stance in display order, newest article first; a group may be empty."""
    by_stance: dict[str, list[Entry]] = {stance.key: [] for stance in stances}
    for entry in chronology:
        by_stance[entry.stance.key].append(entry)
    return tuple(StanceGroup(s, tuple(reversed(by_stance[s.key]))) for s in stances)


def links_from_articles(paths: Mapping[str, str]) -> dict[str, str]:
    """Relative links from any article page (all stand at the same depth) to `paths`."""
    folder = posixpath.dirname(article_path("any"))
    return {key: posixpath.relpath(path, folder) for key, path in paths.items()}
