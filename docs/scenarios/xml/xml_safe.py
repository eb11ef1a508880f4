"""Parse XML from strangers: defusedxml for ElementTree, a locked-down parser for lxml."""

import xml.etree.ElementTree as ET  # noqa: S405 (only for the Element type; parsing is defused)

import defusedxml.ElementTree
from lxml import etree


def parse_untrusted(data: bytes) -> ET.Element:
    """Parse with the standard library's tree, refusing entities and external references.

    Raises defusedxml.EntitiesForbidden for any entity declaration (billion laughs, XXE),
    and xml.etree.ElementTree.ParseError, with line and column, for malformed XML.
    """
    return defusedxml.ElementTree.fromstring(data)


def untrusted_lxml_parser() -> etree.XMLParser:
    """An lxml parser that leaves entities unexpanded and never loads a DTD or a URL."""
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,  # keep libxml2's limits on depth and text size
    )


def parse_untrusted_lxml(data: bytes) -> etree._Element:
    return etree.fromstring(data, untrusted_lxml_parser())
