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
    # Refused at the first entity declaration, before anything expands.
    outcome = parse_bounded("defused", document)[1]
    assert outcome.startswith("EntitiesForbidden "), outcome
    assert "lol0" in outcome


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


# Every parse of the billion-laughs document runs here, in a child process whose address
# space is capped at 512 MiB and whose run is capped at 60 s: if a parser expanded the
# entities, the child would fail with MemoryError or be stopped, never the test run or the
# machine. The child prints its expat version, then the outcome of the parse.
BOUNDED_PARSE = textwrap.dedent(
    """
    import resource, sys
    limit = 512 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.path.insert(0, sys.argv[1])
    import pyexpat
    import xml.etree.ElementTree as ET
    import xml_safe
    parse = {
        "stdlib": ET.fromstring,
        "defused": xml_safe.parse_untrusted,
        "lxml": xml_safe.parse_untrusted_lxml,
    }[sys.argv[2]]
    print(pyexpat.EXPAT_VERSION)
    try:
        parse(sys.stdin.buffer.read())
    except Exception as error:
        print(type(error).__name__, error)
    else:
        print("parsed")
    """
)


def parse_bounded(parser: str, document: bytes) -> tuple[str, str]:
    """Parse ``document`` with ``parser`` in the bounded child; (expat version, outcome)."""
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", BOUNDED_PARSE, str(Path(__file__).parent), parser],
        input=document,
        capture_output=True,
        timeout=60,
        check=True,
    )
    version_line, outcome = result.stdout.decode().splitlines()
    return version_line, outcome


def test_stdlib_elementtree_stops_the_billion_laughs_with_expat_protection() -> None:
    # Expat 2.4.0 and later cap entity amplification.
    version_line, message = parse_bounded("stdlib", billion_laughs())
    assert message.startswith("ParseError "), message
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
    outcome = parse_bounded("lxml", billion_laughs())[1]
    assert outcome.startswith("XMLSyntaxError "), outcome
    assert "Maximum entity amplification factor exceeded" in outcome
