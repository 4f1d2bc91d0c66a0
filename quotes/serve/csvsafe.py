"""Neutralise spreadsheet formulas in Datasette's streamed CSV (``.csv`` pages and downloads).

Datasette writes CSV with :mod:`csv` (excel dialect) in chunks; :class:`CsvNeutraliser` rewrites
that stream on the fly, giving every cell that starts with a formula character a leading ``'``,
exactly as ``quotes export`` does (:data:`quotes.export.FORMULA_PREFIXES`).
"""
from __future__ import annotations

import codecs
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qs

from ..export import FORMULA_PREFIXES

_DANGER = frozenset(FORMULA_PREFIXES)

# States of the CSV scanner.
_FIELD_START = 0  # at the start of a field, outside quotes
_UNQUOTED = 1  # inside an unquoted field
_QUOTED_START = 2  # just after a field's opening quote
_QUOTED = 3  # inside a quoted field
_QUOTE_IN_QUOTED = 4  # saw a quote inside a quoted field: escaped quote or closing quote
_QUOTE_AT_QUOTED_START = 5  # saw a quote right after the opening one: "" empty or "" escape


class CsvNeutraliser:
    """Incremental rewriter: feed it CSV text in arbitrary pieces, get neutralised text back."""

    def __init__(self) -> None:
        self.state = _FIELD_START

    def feed(self, text: str) -> str:
        out: list[str] = []
        state = self.state
        for c in text:
            if state == _QUOTE_AT_QUOTED_START:
                if c == '"':  # an escaped quote opens the content: not a formula character
                    out.append('""')
                    state = _QUOTED
                    continue
                out.append('"')  # it was an empty quoted field; c follows the closing quote
                state = _UNQUOTED
            elif state == _QUOTE_IN_QUOTED:
                if c == '"':
                    out.append('""')
                    state = _QUOTED
                    continue
                out.append('"')
                state = _UNQUOTED
            if state == _FIELD_START:
                if c == '"':
                    out.append(c)
                    state = _QUOTED_START
                elif c in ",\r\n":
                    out.append(c)
                elif c in _DANGER:
                    out.append("'" + c)
                    state = _UNQUOTED
                else:
                    out.append(c)
                    state = _UNQUOTED
            elif state == _UNQUOTED:
                out.append(c)
                if c in ",\r\n":
                    state = _FIELD_START
            elif state == _QUOTED_START:
                if c == '"':
                    state = _QUOTE_AT_QUOTED_START
                elif c in _DANGER:
                    out.append("'" + c)
                    state = _QUOTED
                else:
                    out.append(c)
                    state = _QUOTED
            elif state == _QUOTED:
                if c == '"':
                    state = _QUOTE_IN_QUOTED
                else:
                    out.append(c)
        self.state = state
        return "".join(out)

    def close(self) -> str:
        """Whatever is still held back at the end of the stream (a pending quote)."""
        pending = '"' if self.state in (_QUOTE_IN_QUOTED, _QUOTE_AT_QUOTED_START) else ""
        self.state = _FIELD_START
        return pending


def neutralise_csv(text: str) -> str:
    """The whole CSV ``text`` with formula cells neutralised."""
    n = CsvNeutraliser()
    return n.feed(text) + n.close()


def is_csv_request(scope: dict[str, Any]) -> bool:
    """Does this request ask Datasette for CSV (``.csv`` path or ``_format=csv``)?"""
    if scope.get("type") != "http":
        return False
    if scope.get("path", "").endswith(".csv"):
        return True
    qs = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return "csv" in qs.get("_format", [])


ASGIApp = Callable[[dict, Callable, Callable], Awaitable[None]]


def csv_safe_app(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so CSV responses come out neutralised (HTML debug pages are left alone)."""

    async def wrapped(scope: dict, receive: Callable, send: Callable) -> None:
        if not is_csv_request(scope):
            await app(scope, receive, send)
            return
        state: dict[str, Any] = {"active": False}

        async def safe_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if not ctype.startswith(b"text/html"):
                    state["active"] = True
                    state["decoder"] = codecs.getincrementaldecoder("utf-8")("replace")
                    state["scanner"] = CsvNeutraliser()
                    headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                    message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and state["active"]:
                more = message.get("more_body", False)
                text = state["decoder"].decode(message.get("body", b""), final=not more)
                out = state["scanner"].feed(text)
                if not more:
                    out += state["scanner"].close()
                message = {**message, "body": out.encode("utf-8")}
            await send(message)

        await app(scope, receive, safe_send)

    return wrapped
