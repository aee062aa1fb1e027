"""Connected reading: actor mentions, actor and topic pages, counterpoints, context, the figure."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from html_tree import Element, parse_html
from reader.build import build
from reader.entries import StanceGroup
from reader.mentions import (
    compile_matcher,
    compile_regex_matcher,
    find_mentions,
    find_regex_spans,
    find_spans,
    split_sentences,
)
from reader.model import (
    Actor,
    Alias,
    PartialDate,
    TimelineEvent,
    Topic,
)
from reader.threads import (
    Chronicle,
    StanceTimeline,
    index_threads,
    nearest_in_time,
    rank_perspectives,
    written_context,
)
from sample_entries import make_entry

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


def _actor(key: str, *aliases: str | Alias) -> Actor:
    return Actor(
        key,
        key.title(),
        "kind",
        "description",
        tuple(a if isinstance(a, Alias) else Alias(a) for a in aliases),
    )


MATCHER = compile_matcher(
    [
        _actor("taliban", Alias("Taliban", ignore_case=True), "IEA"),
        _actor("isis-k", "ISIS-K", "ISKP", "ISIS-Khorasan"),
        _actor("islamic-state", "ISIS", "Islamic State"),
        _actor("un", "UN"),
        _actor("unama", "UNAMA", "UN Mission in Afghanistan"),
        _actor("pakistan", "Pakistan", "Pakistani military"),
        _actor("us", "US", "America"),
    ]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Taliban’s ministers", [("taliban", "Taliban")]),
        ("THE TALIBAN and the taliban", [("taliban", "TALIBAN"), ("taliban", "taliban")]),
        ("Talibanism and pro-Taliban", [("taliban", "Taliban")]),
        ("ISIS-K, not ISIS", [("isis-k", "ISIS-K"), ("islamic-state", "ISIS")]),
        ("ISIS-Khorasan (ISKP)", [("isis-k", "ISIS-Khorasan"), ("isis-k", "ISKP")]),
        ("isis-k in lower case", []),
        (
            "the UN Mission in Afghanistan (UNAMA) and the UN",
            [("unama", "UN Mission in Afghanistan"), ("unama", "UNAMA"), ("un", "UN")],
        ),
        ("UNOCHA is not the UN's", [("un", "UN")]),
        (
            "the Pakistani military, Pakistani citizens, Pakistan",
            [("pakistan", "Pakistani military"), ("pakistan", "Pakistan")],
        ),
        ("American, USA and thus US troops", [("us", "US")]),
        ("IEA, an idea", [("taliban", "IEA")]),
    ],
)
def test_every_alias_match_lands_on_the_right_actor_and_never_inside_a_word(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = [(s.actor, text[s.start : s.end]) for s in find_spans(text, MATCHER)]
    assert found == expected


# Letters that case-fold to others (Kelvin sign, long s, dotted I), marks, word joiners and
# characters that are special in a regular expression's character class.
_ALIAS_CHARS = st.sampled_from(list("aAkKsSiI\u212a\u017f\u0130-]^\\.( é\u064e"))


@given(
    st.lists(
        st.tuples(st.text(_ALIAS_CHARS, min_size=1, max_size=4), st.booleans()),
        min_size=1,
        max_size=6,
    ),
    st.text(_ALIAS_CHARS, max_size=60),
)
def test_the_skip_ahead_lookahead_never_changes_what_is_found(
    aliases: list[tuple[str, bool]], text: str
) -> None:
    actors = [_actor(f"a{n}", Alias(t, ignore_case=i)) for n, (t, i) in enumerate(aliases)]
    fast, plain = compile_regex_matcher(actors), compile_regex_matcher(actors, skip_ahead=False)
    assert list(find_regex_spans(text, fast)) == list(find_regex_spans(text, plain))


def test_sentences_split_at_real_ends_only() -> None:
    text = "It ended. “Then what?” he asked. The U.S. envoy said no. killing them. of the soldiers."
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == [
        "It ended.",
        "“Then what?” he asked.",
        "The U.S. envoy said no. killing them. of the soldiers.",
    ]


def test_one_mention_per_actor_per_sentence() -> None:
    text = "ISIS-K and the ISKP are one. The Taliban fight ISIS-K."
    mentions = find_mentions(text, MATCHER, article="a", paragraph="para-1")
    assert [(m.actor, m.sentence, m.name) for m in mentions] == [
        ("isis-k", "ISIS-K and the ISKP are one.", "ISIS-K"),
        ("taliban", "The Taliban fight ISIS-K.", "Taliban"),
        ("isis-k", "The Taliban fight ISIS-K.", "ISIS-K"),
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("threads") / "site"
    build(ROOT, out, cache=False)
    return out


def _page(site: Path, path: str) -> Element:
    return parse_html((site / path).read_text(encoding="utf-8"))


def _aliases() -> dict[str, list[dict[str, object] | str]]:
    actors = yaml.safe_load((ROOT / "content" / "actors.yaml").read_text(encoding="utf-8"))
    return {actor["key"]: actor["aliases"] for actor in actors}


def _is_alias(name: str, aliases: list[dict[str, object] | str]) -> bool:
    for alias in aliases:
        if isinstance(alias, str) and alias == name:
            return True
        if isinstance(alias, dict):
            text = str(alias["text"])
            if name == text or (alias.get("ignore_case") and name.casefold() == text.casefold()):
                return True
    return False


def test_actor_pages_quote_only_sentences_that_name_the_actor_in_their_paragraph(
    site: Path,
) -> None:
    quoted = 0
    for key, aliases in _aliases().items():
        page = _page(site, f"actors/{key}/index.html")
        for item in page.find("main").find_all("li"):
            marks = item.find_all("mark")
            if not marks:
                continue
            sentence = item.find("blockquote").text
            assert _is_alias(marks[0].text, aliases), (key, marks[0].text)
            link = item.find("a", cls="quotes__source").attrs["href"]
            target, _, paragraph = link.partition("#")
            article = _page(site, str(Path(f"actors/{key}") / target))
            found = article.by_id(paragraph)
            assert found is not None, link
            assert found.tag == "p", link
            assert sentence in found.text, (key, sentence)
            quoted += 1
    assert quoted > 50


def test_first_mention_in_each_article_links_to_the_actor_page(site: Path) -> None:
    page = _page(site, "articles/unpalatable-necessity-of-engaging/index.html")
    body = page.by_id("article-body")
    assert body is not None
    links = [a for a in body.find_all("a") if "actor-link" in a.classes]
    targets = [a.attrs["href"] for a in links]
    assert len(targets) == len(set(targets)), "each actor is linked once"
    assert "../../actors/mahbouba-seraj/index.html" in targets
    assert links[0].text == "Taliban"


def test_counterpoints_never_list_the_article_itself_or_its_own_stance(site: Path) -> None:
    stances = {
        path.parent.name: _page(site, f"articles/{path.parent.name}/index.html")
        .find("a", cls="badge")
        .text
        for path in (site / "articles").glob("*/index.html")
    }
    for slug, stance in stances.items():
        section = _page(site, f"articles/{slug}/index.html").by_id("perspectives")
        assert section is not None
        for card in section.find_all("article"):
            other = card.find("a").attrs["href"].split("/")[1]
            assert other != slug
            assert stances[other] != stance


def test_counterpoints_name_the_threads_they_share(site: Path) -> None:
    section = _page(site, "articles/making-deals-with-the-taliban/index.html").by_id("perspectives")
    assert section is not None
    shared = {
        card.find("a").attrs["href"].split("/")[1]: card.find("p", cls="card__shared").text
        for card in section.find_all("article")
        if card.find_all("p", cls="card__shared")
    }
    assert "Pakistan" in shared["taliban-reel-or-return-to-negotiations"]
    assert "Counterterrorism" in shared["taliban-reel-or-return-to-negotiations"]
    assert "The Taliban" not in " ".join(shared.values()), "a thread every article shares is noise"


def test_counterpoints_rank_by_shared_threads_then_time() -> None:
    mine = make_entry("mine", "engage", "2020-06-01", ("aid", "talks", "women"))
    others = [
        make_entry("near-nothing", "resist", "2020-06-02"),
        make_entry("one", "resist", "2010-01-01", ("aid",)),
        make_entry("two", "resist", "2001-01-01", ("aid", "women")),
        make_entry("far-nothing", "resist", "1990-01-01"),
        make_entry("filler", "engage", "2020-01-01", ("aid", "talks", "women")),
    ]
    chronology = sorted([mine, *others], key=lambda e: e.article.sort_key)
    newest_first = list(reversed(chronology))
    groups = tuple(
        StanceGroup(stance, tuple(e for e in newest_first if e.stance == stance))
        for stance in (mine.stance, others[0].stance)
    )
    topics = [Topic(key, key) for key in ("aid", "talks", "women")]
    threads = index_threads(chronology, {}, actors=(), topics=topics)
    (resist,) = rank_perspectives(mine, groups, threads, per_stance=3)
    assert [c.entry.article.slug for c in resist.counterpoints] == ["two", "one", "near-nothing"]
    assert resist.total == 4


def test_nearest_in_time_walks_out_from_the_date() -> None:
    entries = [make_entry(f"e{y}", "resist", f"{y}-01-01") for y in (2001, 2002, 2003)]
    timeline = StanceTimeline(tuple(entries), tuple(e.article.published.latest for e in entries))
    found = nearest_in_time(timeline, dt.date(2050, 1, 1), 2, exclude={"e2003"})
    assert [e.article.slug for e in found] == ["e2002", "e2001"]
    found = nearest_in_time(timeline, dt.date(2002, 3, 1), 3, exclude=set())
    assert [e.article.slug for e in found] == ["e2002", "e2003", "e2001"]


def _event(iso: str, title: str) -> TimelineEvent:
    return TimelineEvent(PartialDate.parse(iso), title, None, (), 1)


def test_when_it_was_written_separates_before_around_and_after() -> None:
    events = [
        _event("2020-02-29", "too early"),
        _event("2021-04-14", "withdrawal announced"),
        _event("2021-06-25", "White House meeting"),
        _event("2021-06", "same month"),
        _event("2021-08-15", "takeover"),
        _event("2021-08-26", "airport attack"),
    ]
    article = make_entry("a", "pressure", "2021-06").article
    context = written_context(article, events, months_before=6, events_after=1)
    assert [e.title for e in context.before] == [
        "withdrawal announced",
        "White House meeting",
        "same month",
    ]
    assert [e.title for e in context.after] == ["takeover"]
    precise = make_entry("b", "engage", "2021-06-10").article
    context = written_context(precise, events)
    assert [e.title for e in context.around] == ["same month"]
    assert "White House meeting" in [e.title for e in context.after]


_partial_dates = st.builds(
    lambda year, month, day: PartialDate.parse(
        f"{year}"
        if month is None
        else f"{year}-{month:02d}" + ("" if day is None else f"-{day:02d}")
    ),
    st.integers(2019, 2023),
    st.none() | st.integers(1, 12),
    st.none() | st.integers(1, 28),
)


@given(
    st.lists(_partial_dates, max_size=30),
    _partial_dates,
    st.integers(0, 14),
    st.integers(0, 6),
)
def test_written_context_by_bisection_matches_a_scan_of_every_event(
    dates: list[PartialDate], published: PartialDate, months: int, count: int
) -> None:
    events = [TimelineEvent(d, f"event {n}", None, (), n + 1) for n, d in enumerate(dates)]
    article = make_entry("a", "engage", published.iso).article
    since = dt.date(published.earliest.year, published.earliest.month, 1)
    for _ in range(months):
        since = (since - dt.timedelta(days=1)).replace(day=1)
    last = published.latest
    before = [e for e in events if since <= e.date.earliest and e.date.latest <= last]
    around = [e for e in events if e.date.earliest <= last < e.date.latest]
    after = sorted((e for e in events if e.date.earliest > last), key=lambda e: e.date.earliest)
    for given_events in (events, Chronicle.of(events)):
        context = written_context(article, given_events, months_before=months, events_after=count)
        assert list(context.before) == before
        assert list(context.around) == around
        assert list(context.after) == after[:count]


def test_the_figure_is_valid_svg_and_every_mark_links_to_an_article(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg .*?</svg>", html, re.DOTALL)
    assert svg is not None
    root = ET.fromstring(svg.group(0))
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}desc") is not None
    links = [a.attrib["href"] for a in root.iter(f"{SVG}a")]
    articles = [h for h in links if h.startswith("articles/")]
    assert sorted(articles) == sorted(
        f"articles/{p.parent.name}/index.html" for p in (site / "articles").glob("*/index.html")
    )
    for href in links:
        assert (site / href.partition("#")[0]).is_file(), href
    assert all(a.attrib.get("aria-label") for a in root.iter(f"{SVG}a"))
