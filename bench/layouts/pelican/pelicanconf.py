import json
from pathlib import Path

_HERE = Path(__file__).resolve().parent
SITENAME = "Synthetic reader"
SITE_DESCRIPTION = "How should the world deal with the question?"
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = []
STATIC_PATHS = []
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = str(_HERE / "theme")
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
DIRECT_TEMPLATES = ["index", "timeline"]
TIMELINE_SAVE_AS = "timeline/index.html"
DEFAULT_PAGINATION = False
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
PAGE_SAVE_AS = ""
STANCES = json.loads((_HERE / "data" / "stances.json").read_text(encoding="utf-8"))
EVENTS = json.loads((_HERE / "data" / "events.json").read_text(encoding="utf-8"))
