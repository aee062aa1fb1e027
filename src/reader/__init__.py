"""reader: build a curated policy-analysis reader as a static website."""

__version__ = "0.1.0"
