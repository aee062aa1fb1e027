"""What `reader serve` adds to the pages it serves, and only to those: the reload script,
the stylesheet of the problems overlay, and the policy change that lets them load.

Built pages allow no script at all (templates.CONTENT_SECURITY_POLICY). A served page gets a
same-origin script that listens to the server's event stream and reloads the page after each
build; the page's policy is widened by exactly that script and that stream. Pure: no I/O.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

DEV_PREFIX = "/__reader/"
EVENTS_PATH = DEV_PREFIX + "events"
SCRIPT_PATH = DEV_PREFIX + "reload.js"
STYLE_PATH = DEV_PREFIX + "overlay.css"
OVERLAY_ID = "reader-serve-problems"

RELOAD_SCRIPT = """\
// reader serve: reload this page once the site has been built again.
(() => {
  "use strict";
  const script = document.currentScript;
  const shown = script ? script.dataset.build : null;
  const events = new EventSource("EVENTS_PATH");
  events.addEventListener("build", (event) => {
    if (event.data !== shown) {
      events.close();
      window.location.reload();
    }
  });
})();
""".replace("EVENTS_PATH", EVENTS_PATH)

OVERLAY_STYLE = f"""\
/* reader serve: the problems of the last build, laid over the last good one. */
#{OVERLAY_ID} {{
  position: fixed; inset: 0 0 auto 0; z-index: 2147483647; max-height: 70vh; overflow: auto;
  margin: 0; padding: 1rem 1.25rem; border-bottom: 4px solid #b00020;
  background: #fff4f4; color: #2b0006; font: 15px/1.45 system-ui, sans-serif;
  box-shadow: 0 4px 16px rgb(0 0 0 / 25%);
}}
#{OVERLAY_ID} h2 {{ margin: 0 0 .25rem; font-size: 1.05rem; color: #b00020; }}
#{OVERLAY_ID} p {{ margin: 0 0 .5rem; }}
#{OVERLAY_ID} pre {{
  margin: 0; white-space: pre-wrap; overflow-wrap: anywhere;
  font: 14px/1.45 ui-monospace, monospace;
}}
"""

_CSP_META = re.compile(
    r"<meta\b[^>]*\bhttp-equiv\s*=\s*[\"']?content-security-policy[\"']?[^>]*>", re.IGNORECASE
)
_CONTENT_ATTR = re.compile(r"(\bcontent\s*=\s*)(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_BODY_START = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BuildState:
    """What the server knows of the latest build."""

    token: str  # different for every build, good or bad, and in every run of the server
    problems: tuple[str, ...]  # why the latest build failed; empty when it succeeded
    built: bool  # whether a good build exists to serve


def allow_dev_policy(policy: str) -> str:
    """The page's Content-Security-Policy, letting it load the reload script and its events."""
    directives: dict[str, list[str]] = {}
    for directive in policy.split(";"):
        if directive.strip():
            name, *values = directive.split()
            directives.setdefault(name.lower(), values)
    for name in ("script-src", "connect-src"):
        values = [v for v in directives.get(name, []) if v != "'none'"]
        directives[name] = values if "'self'" in values else [*values, "'self'"]
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def prepare_page(page: str, state: BuildState) -> str:
    """Add the reload script (and the problems, if the last build failed) to a served page."""
    page = _CSP_META.sub(_rewrite_policy, page, count=1)
    tags = (
        f'<link rel="stylesheet" href="{STYLE_PATH}">\n'
        f'<script src="{SCRIPT_PATH}" data-build="{html.escape(state.token)}" defer></script>\n'
    )
    page = _insert(page, _HEAD_END, tags, before=True)
    if state.problems:
        page = _insert(page, _BODY_START, overlay_html(state.problems), before=False)
    return page


def _rewrite_policy(meta: re.Match[str]) -> str:
    def rewrite(attribute: re.Match[str]) -> str:
        policy = html.unescape(attribute.group(2)[1:-1])
        return f'{attribute.group(1)}"{html.escape(allow_dev_policy(policy))}"'

    return _CONTENT_ATTR.sub(rewrite, meta.group(), count=1)


def _insert(page: str, anchor: re.Pattern[str], text: str, *, before: bool) -> str:
    match = anchor.search(page)
    if match is None:
        return text + page
    at = match.start() if before else match.end()
    return page[:at] + text + page[at:]


def overlay_html(problems: Iterable[str]) -> str:
    """The box that shows a failed build's problems on top of a page."""
    lines = html.escape("\n".join(problems))
    return (
        f'\n<section id="{OVERLAY_ID}" role="alert" aria-labelledby="{OVERLAY_ID}-title">\n'
        f'<h2 id="{OVERLAY_ID}-title">reader: the last change did not build</h2>\n'
        "<p>This is the last good build. Fix what is listed below and save: the page reloads "
        "by itself.</p>\n"
        f"<pre>{lines}</pre>\n</section>\n"
    )


def waiting_page(state: BuildState) -> str:
    """The page served before any build has succeeded."""
    return prepare_page(
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>reader: waiting for a good build</title>\n</head>\n<body>\n</body>\n</html>\n",
        state,
    )
