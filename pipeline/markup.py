"""Article text out of an HTML page saved as a text file.

Uses the standard library's HTML parser: block elements become line breaks,
script/style/navigation/footer content is dropped (and reported), tags never
reach the body.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML_HINT = re.compile(r"<\s*(?:!doctype html|html|head|body|div|p|article|span|br|meta|script)\b", re.I)
_DROP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
         "svg", "iframe", "template", "select", "menu"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "article",
          "section", "blockquote", "tr", "table", "figcaption", "title", "pre", "hr", "main"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col"}


def looks_like_html(text: str) -> bool:
    head = text[:4000]
    return len(_HTML_HINT.findall(head)) >= 2 or head.lstrip().lower().startswith(("<!doctype html", "<html"))


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropped: list[str] = []
        self._drop_depth = 0
        self._dropped_now: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in _DROP and tag not in _VOID:
            self._drop_depth += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP and self._drop_depth:
            self._drop_depth -= 1
            if not self._drop_depth:
                text = " ".join("".join(self._dropped_now).split())
                if text:
                    self.dropped.append(text)
                self._dropped_now = []
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._drop_depth:
            self._dropped_now.append(data)
        else:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, list[str]]:
    """Visible article text of an HTML document, and the dropped chrome text."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip(), parser.dropped
