"""Where a `next=` parameter may send someone: a path on this site, never another host.

Browsers drop tabs and line breaks anywhere in a URL, trim other control characters and spaces at
its ends, and read a backslash as a slash, so `/%09/evil.example` and `/\\evil.example` both arrive
at `//evil.example`: another host. The target is cleaned the way a browser would read it first, then
parsed as a URL; anything with a scheme or a host, or not an absolute path, falls back.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
"""C0 controls and DEL: browsers drop tab, CR and LF anywhere and trim the others at the ends; all
of them are removed here, which can only make a target stricter."""


def same_site_path(target: str | None, fallback: str = "/") -> str:
    """`target` as a path (with query) on this site, or `fallback` when it would lead elsewhere."""
    if not target:
        return fallback
    cleaned = _CONTROL.sub("", target).strip(" ").replace("\\", "/")
    if cleaned.startswith("//"):  # another host, whatever follows (urlsplit reads "///x" as a path)
        return fallback
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # e.g. an unbalanced "[" read as an IPv6 host
        return fallback
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return fallback
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))
