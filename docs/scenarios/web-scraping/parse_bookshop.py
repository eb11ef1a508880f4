"""Parse the bookshop listing with Beautiful Soup and with lxml: the same answer both ways."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urljoin

import lxml.html
from bs4 import BeautifulSoup


@dataclass(frozen=True)
class Book:
    title: str
    url: str
    price: Decimal
    in_stock: bool


def parse_price(text: str) -> Decimal:
    return Decimal(text.strip().removeprefix("£"))


def books_with_soup(html: str, base_url: str) -> list[Book]:
    soup = BeautifulSoup(html, "lxml")  # the lxml parser: fast and lenient
    books = []
    for item in soup.select("ul.books li.book"):
        link = item.select_one("a[href]")
        price = item.select_one(".price")
        if link is None or price is None:
            continue  # a layout change: skip the item rather than guess
        books.append(
            Book(
                title=link.get_text(strip=True),
                url=urljoin(base_url, str(link["href"])),
                price=parse_price(price.get_text()),
                in_stock="sold-out" not in item.get("class", []),
            )
        )
    return books


def books_with_lxml(html: str, base_url: str) -> list[Book]:
    tree = lxml.html.fromstring(html)
    books = []
    for item in tree.xpath('//ul[@class="books"]/li[contains(@class, "book")]'):
        links, prices = item.xpath(".//a[@href]"), item.xpath('.//*[@class="price"]')
        if not links or not prices:
            continue
        books.append(
            Book(
                title=links[0].text_content().strip(),
                url=urljoin(base_url, links[0].get("href")),
                price=parse_price(prices[0].text_content()),
                in_stock="sold-out" not in item.get("class", "").split(),
            )
        )
    return books
