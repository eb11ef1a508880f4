#!/usr/bin/env -S uv run --script
# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "httpx2>=2.16",
# ]
#
# [tool.uv]
# exclude-newer = "2026-11-29T00:00:00Z"
# ///
"""Print the title of each web page given on the command line."""

import sys
from html.parser import HTMLParser

import httpx2


class TitleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_title = self.in_title or (tag == "title" and not self.title)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


def page_title(html: str) -> str:
    parser = TitleParser()
    parser.feed(html)
    return " ".join(parser.title.split()) or "(no title)"


def main(urls: list[str]) -> int:
    with httpx2.Client(timeout=10, follow_redirects=True) as client:
        for url in urls:
            response = client.get(url)
            response.raise_for_status()
            print(page_title(response.text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
