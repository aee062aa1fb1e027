"""`reader init`: the files of a new reader, or of the worked example, written into a new folder.

What a new reader holds is computed first, as {relative path: bytes}; only `write_project`
touches the disk. It writes into a folder beside the target and renames it into place, so an
interrupted init leaves either nothing or the whole project.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import yaml

from . import __version__
from .content import is_language_tag, load_site_config
from .errors import ReaderError
from .packaged import DISTRIBUTION, example_folder
from .sources import MAX_TEXT_BYTES, list_files, read_source

WORKFLOW = ".github/workflows/pages.yml"
KEEP = ".gitkeep"  # git keeps no empty folder, and a reader needs content/articles/
# What the example brings from this reader: its content and the raw texts it was made from.
EXAMPLE_FOLDERS = ("content", "seeds")
PYPI_URL = f"https://pypi.org/project/{DISTRIBUTION}/"
# The reader that wrote the project builds it: a newer one may change the site.
REQUIREMENTS = (
    f"# What building this reader needs (the workflow installs it).\n"
    f"{DISTRIBUTION}=={__version__}\n"
)


def new_reader_files(*, title: str, question: str, language: str = "en") -> dict[str, bytes]:
    """The files of an empty reader asking `question`: it builds at once, with no article."""
    title, question = _one_line(title, "--title"), _one_line(question, "--question")
    if not is_language_tag(language):
        message = f"'{language}' is not a language tag like 'en' or 'pt-BR'"
        raise ReaderError.single("--language", 0, message)
    files = {
        "content/site.yaml": _site_yaml(title, question, language),
        "content/stances.yaml": STANCES_YAML,
        "content/timeline.yaml": TIMELINE_YAML,
        "content/about.md": ABOUT_MD,
        f"content/articles/{KEEP}": "",
        f"seeds/{KEEP}": "",
        "README.md": _readme(title, question, example=False),
    }
    return {**_encoded(files), **_publishing_files()}


def example_files() -> dict[str, bytes]:
    """This reader's own five articles, as a worked example to read and change."""
    folder = example_folder()
    files: dict[str, bytes] = {}
    for name in EXAMPLE_FOLDERS:
        for relative, path in list_files(folder / name, shown=f"{folder}/{name}"):
            if not Path(relative).name.startswith("."):
                shown = f"{folder}/{name}/{relative}"
                data = read_source(path, shown=shown, root=None, limit=MAX_TEXT_BYTES)
                files[f"{name}/{relative}"] = data
    config = load_site_config(folder)
    readme = _readme(config.title, config.description, example=True)
    return {**files, "README.md": readme.encode(), **_publishing_files()}


def title_from_folder(folder: Path) -> str:
    """A title from the folder's name: 'eu-ai-rules' -> 'Eu ai rules'."""
    words = folder.absolute().name.replace("-", " ").replace("_", " ").split()
    text = " ".join(words) or "A new reader"
    return text[0].upper() + text[1:]


def _publishing_files() -> dict[str, bytes]:
    return _encoded(
        {
            ".gitignore": GITIGNORE,
            "requirements.txt": REQUIREMENTS,
            WORKFLOW: PAGES_WORKFLOW,
        }
    )


def _encoded(files: Mapping[str, str]) -> dict[str, bytes]:
    return {name: text.encode("utf-8") for name, text in files.items()}


def _one_line(value: str, option: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise ReaderError.single(option, 0, "is empty: give a few words")
    return text


def _quoted(value: str) -> str:
    """`value` as a double-quoted YAML scalar, characters YAML does not allow escaped."""
    return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1 << 30).rstrip()


def _site_yaml(title: str, question: str, language: str) -> str:
    return f"""\
# The reader's title, and the question its articles answer (the index opens with it).
title: {_quoted(title)}
description: {_quoted(question)}
# Shown under the title, and on the index before the stances. Both may name the reader's
# counts, filled in at each build: {{articles}}, {{stances}}, {{events}}, {{first_year}},
# {{last_year}}; {{articles:words}} spells a count out ("five"), {{articles:Words}} capitalises it.
tagline: "{{articles:Words}} analyses, {{stances:words}} answers to one question"
intro: >-
  This reader collects published analyses of one question. Each argues for one of
  {{stances:words}} broad answers. Read every text in full as its author wrote it, compare the
  arguments stance by stance, and follow the events they cite on a shared timeline.
language: {_quoted(language)}
# The site's public address, for feeds, a sitemap and canonical links. The GitHub Pages
# workflow passes it to `reader build --base-url`; set it here for any other host.
# base_url: https://example.org/reader/
"""


STANCES_YAML = """\
# The stances: the broad answers the articles give to the question, in the order the index
# shows them. Every article takes exactly one. Choose them from the articles, once you have
# read a few, rather than before:
# - two to four of them, each a course of action that someone argues for (a verb reads well:
#   "engage", "pressure"), not a camp, a party or a country;
# - distinct enough that each article plainly belongs to one, and you can say why in a
#   sentence (the article's `stance_reason`);
# - each defined by what its advocates recommend and why, in two or three sentences that a
#   supporter would sign and an opponent would accept as fair.
# `key` is a short lower-case slug (it appears in addresses: stances/KEY/); `label` is shown.
# The three below are a start for a question that can be answered yes, no or "only if":
# rename or replace them once you know the answers your articles give.
- key: for
  label: For
  definition: >-
    Answer the question with yes: act now, and accept the costs that acting brings, because the
    costs of doing nothing are higher.
- key: conditional
  label: Only if
  definition: >-
    Act only under conditions: tie each step to commitments that can be checked, and stop if
    they are broken.
- key: against
  label: Against
  definition: >-
    Answer the question with no: the proposed course would do more harm than good, and other
    means serve the same ends better.
"""

TIMELINE_YAML = """\
# The events the articles argue about. The timeline page sorts them by date and places each
# article among them. An event:
# - date: "2024-03-13"      # quoted; "2024" or "2024-03" when only the year or month is known
#   title: What happened, as a short sentence
#   summary: >-            # optional: one or two sentences of context
#     ...
#   articles: [an-article-slug, another-slug]   # optional: the articles that discuss it
[]
"""

ABOUT_MD = """\
## Why these articles

This reader gathers published analyses of one question, each chosen for the argument it makes
rather than for agreement with it. Say here how the articles were found and chosen, and what
the selection leaves out.

## What the curator adds

Each article is reproduced in its author's own words. The curator adds its stance and why, a
short summary, and the facts of its publication as far as they can be established; where a
fact is inferred rather than found printed, the article's page says so.
"""

GITIGNORE = """\
# What `reader build` and `reader pack` write, and the cache
/site/
/.site.*
/.reader-cache/
/reader.pdf
# Python
/.venv/
__pycache__/
"""

# The workflow GitHub's own Pages actions document: build, upload the site as an artifact,
# deploy it. The address comes from the repository (configure-pages), so that feeds, the
# sitemap and the 404 page, served at any depth, link to the right place.
PAGES_WORKFLOW = """\
# Builds the reader and publishes it on GitHub Pages at every push to main.
# Once, in the repository's Settings > Pages, set Source to "GitHub Actions".
name: Publish the reader

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One publication at a time; a newer push waits for the one under way.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"
          cache: pip
      - name: Install reader
        run: python -m pip install -r requirements.txt
      - name: Find the site's address
        id: pages
        uses: actions/configure-pages@v5
      - name: Build the site
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: reader build --base-url "$BASE_URL/"
      - name: Upload the site
        uses: actions/upload-pages-artifact@v4
        with:
          path: site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Publish
        id: deployment
        uses: actions/deploy-pages@v4
"""


def _readme(title: str, question: str, *, example: bool) -> str:
    start = (
        "This is the worked example that comes with reader: five analyses of how the world "
        "should deal with the Taliban, with their stances, a timeline and the raw texts they "
        "were made from (`seeds/`). Read it to see how a reader is put together, or change it "
        "into your own."
        if example
        else "A new reader: it builds already, with no articles yet."
    )
    return f"""\
# {title}

{question}

{start} It is built with [reader]({PYPI_URL}) (`pip install {DISTRIBUTION}`).

## Build and preview

```sh
python -m venv .venv && . .venv/bin/activate
pip install -r requirements.txt
reader serve     # preview at http://127.0.0.1:8000/, rebuilt at every change
reader build     # write the site into site/
```

## Next steps

1. Say what the reader is about: `content/site.yaml` (title, the question) and
   `content/about.md` (how the articles were chosen).
2. Choose the stances, the broad answers to the question: `content/stances.yaml` says how.
3. Add articles. Keep each raw text in `seeds/` as you found it, then
   `reader import seeds/FILE.txt --stance KEY` cleans it into a draft under
   `content/articles/`; `reader new "A title" --stance KEY` starts one from nothing. Fill in
   the placeholders marked `TODO:`, then set `draft: false`.
4. Add the events the articles argue about to `content/timeline.yaml`; optionally, the
   people and groups they name (`content/actors.yaml`), topics (`content/topics.yaml`), and
   the concrete questions the debate turns on (`content/questions.yaml`), with each
   article's answers in its `positions`.
5. `reader check` finds what is missing or broken before you publish.

To change how the site looks, copy a file of reader's theme into `templates/` (the same name,
e.g. `templates/static/style.css` or `templates/article.html`): a file there replaces the
theme's, and the rest still come from the theme.

## Publish

- **GitHub Pages**: push this folder to a GitHub repository and, once, set Settings > Pages >
  Source to "GitHub Actions". `{WORKFLOW}` then builds and publishes the site at every push
  to `main`, at the address GitHub gives the repository.
- **Netlify**: build command `pip install -r requirements.txt && reader build --base-url
  "$URL/"`, publish directory `site`.
- **Any web server**: `reader build --base-url https://example.org/reader/`, then copy
  `site/` over, e.g. `rsync -a --delete site/ user@example.org:/var/www/reader/`.
"""


def write_project(target: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` into `target`, a new or empty folder; refuse anything else.

    They are written into a hidden folder first, and moved into place once all are written.
    """
    if target.is_symlink():
        message = "is a symbolic link: reader init writes only into a new or empty folder"
        raise ReaderError.single(str(target), 0, message)
    if target.exists() and not target.is_dir():
        raise ReaderError.single(str(target), 0, "is not a folder: reader init makes one")
    exists = target.is_dir()
    if exists and any(target.iterdir()):
        raise ReaderError.single(
            str(target), 0, "is not empty: reader init writes only into a new or empty folder"
        )
    target = target.absolute()
    beside = target if exists else target.parent
    try:
        beside.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=beside))
    except OSError as exc:
        raise ReaderError.single(str(beside), 0, f"cannot write here: {exc.strerror}") from None
    try:
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it 0700
        for name, data in sorted(files.items()):
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if exists:
            for entry in sorted(staging.iterdir()):
                entry.replace(target / entry.name)
        else:
            staging.replace(target)
    except OSError as exc:
        raise ReaderError.single(str(target), 0, f"cannot write: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
