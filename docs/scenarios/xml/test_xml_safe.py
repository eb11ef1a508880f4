"""xml_safe: the billion-laughs and XXE documents are refused; what the other parsers do."""

import io
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET  # noqa: S405 (the tests show what the plain parser does)
from pathlib import Path

import defusedxml
import pytest
from lxml import etree
from xml_safe import parse_untrusted, parse_untrusted_lxml

PRIVATE_TEXT = "contents of a private file"


def billion_laughs(levels: int = 9) -> bytes:
    """A few hundred bytes whose root entity expands to 10**levels characters."""
    entities = ['<!ENTITY lol0 "lollollollol">']
    entities += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels + 1)]
    declarations = "\n".join(entities)
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n{declarations}\n]>\n<lolz>&lol{levels};</lolz>\n'
    ).encode()


@pytest.fixture
def xxe_document(tmp_path: Path) -> bytes:
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(PRIVATE_TEXT, encoding="utf-8")
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE order [\n'
        f'  <!ENTITY leak SYSTEM "{secret_file.as_uri()}">\n]>\n<order>&leak;</order>\n'
    ).encode()


def test_defusedxml_refuses_the_billion_laughs() -> None:
    document = billion_laughs()
    assert len(document) < 1_000
    with pytest.raises(defusedxml.EntitiesForbidden, match="lol0"):
        parse_untrusted(document)


def test_defusedxml_refuses_the_external_entity(xxe_document: bytes) -> None:
    with pytest.raises(defusedxml.EntitiesForbidden, match="secret.txt"):
        parse_untrusted(xxe_document)
    # Even with entity declarations allowed, the external reference itself is refused.
    with pytest.raises(defusedxml.ExternalReferenceForbidden, match="secret.txt"):
        defusedxml.ElementTree.fromstring(xxe_document, forbid_entities=False)


def test_a_plain_document_parses_and_a_broken_one_names_line_and_column() -> None:
    assert parse_untrusted(b'<order id="7"><sku>A-1</sku></order>').findtext("sku") == "A-1"
    with pytest.raises(ET.ParseError, match=r"line 2, column 2") as caught:
        parse_untrusted(b"<order>\n</ordr>")
    assert caught.value.position == (2, 2)


STDLIB_PARSE = textwrap.dedent(
    """
    import resource, sys, pyexpat
    import xml.etree.ElementTree as ET
    limit = 512 * 1024 * 1024  # if the parser expanded it all, it would die here, not us
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    print(pyexpat.EXPAT_VERSION)
    try:
        ET.fromstring(sys.stdin.buffer.read())
    except ET.ParseError as error:
        print(error)
    """
)


def test_stdlib_elementtree_stops_the_billion_laughs_with_expat_protection() -> None:
    # Expat 2.4.0 and later cap entity amplification. Run in a child process with a
    # memory limit, so that a parser without the cap could not take the machine down.
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", STDLIB_PARSE],
        input=billion_laughs(),
        capture_output=True,
        timeout=60,
        check=True,
    )
    version_line, message = result.stdout.decode().splitlines()
    expat = tuple(int(part) for part in version_line.removeprefix("expat_").split("."))
    assert expat >= (2, 4, 0), f"expat {version_line} has no billion-laughs protection"
    assert "limit on input amplification factor (from DTD and entities) breached" in message
    assert "line 14, column" in message  # the line with <lolz>&lol9;</lolz>


def test_stdlib_elementtree_does_not_fetch_external_entities(xxe_document: bytes) -> None:
    with pytest.raises(ET.ParseError, match=r"undefined entity &leak;: line 5"):
        ET.fromstring(xxe_document)  # noqa: S314


def test_lxml_default_parser_leaves_external_entities_alone(xxe_document: bytes) -> None:
    # lxml 5 made resolve_entities="internal" the default for its XML parser (6.1 for
    # iterparse too): internal entities are expanded, external ones are not read.
    with pytest.raises(etree.XMLSyntaxError, match="Entity 'leak' not defined, line 5"):
        etree.fromstring(xxe_document)
    with pytest.raises(etree.XMLSyntaxError, match="Entity 'leak' not defined"):
        list(etree.iterparse(io.BytesIO(xxe_document)))


def test_lxml_with_resolve_entities_true_reads_the_file(xxe_document: bytes) -> None:
    # The bad version: the old default. The document's author reads a file of ours.
    parser = etree.XMLParser(resolve_entities=True)
    assert etree.fromstring(xxe_document, parser).text == PRIVATE_TEXT


def test_the_locked_down_lxml_parser_expands_nothing(xxe_document: bytes) -> None:
    order = parse_untrusted_lxml(xxe_document)
    assert PRIVATE_TEXT not in etree.tostring(order).decode()
    assert etree.tostring(order) == b"<order>&leak;</order>"
    with pytest.raises(etree.XMLSyntaxError, match="Maximum entity amplification factor exceeded"):
        parse_untrusted_lxml(billion_laughs())
