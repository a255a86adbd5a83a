"""A browser without the rendering: cookies, CSRF tokens read from the page's forms, form posts
(urlencoded or multipart with files), JSON, all over real HTTP to a server the test started."""

from __future__ import annotations

import http.cookiejar
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Page:
    status: int
    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)

    def csrf_token(self) -> str:
        match = CSRF.search(self.text)
        assert match, f"no CSRF token on {self.url}"
        return match.group(1)


@dataclass
class HttpBrowser:
    base_url: str
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Page:
        url = self.base_url + path
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self._opener.open(request, timeout=30) as response:
                return Page(response.status, response.url, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Page(error.code, url, dict(error.headers), error.read())

    def get(self, path: str, headers: dict[str, str] | None = None) -> Page:
        return self.request("GET", path, headers=headers)

    def post_form(
        self, path: str, fields: dict[str, Any], files: dict[str, tuple[str, bytes]] | None = None
    ) -> Page:
        """A form post as the browser sends it; follows the redirect that answers it."""
        if files:
            values: dict[str, Any] = dict(fields)
            for name, (filename, data) in files.items():
                values[name] = FileStorage(
                    io.BytesIO(data), filename, content_type="application/octet-stream"
                )
            boundary, body = encode_multipart(values)
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request("POST", path, body, {"Content-Type": content_type})

    def sign_in(self, username: str, password: str) -> Page:
        token = self.get("/login").csrf_token()
        page = self.post_form("/login", {"csrf_token": token, "username": username, "password": password})
        assert page.status == 200 and not page.url.endswith("/login"), page.text[:500]
        return page
