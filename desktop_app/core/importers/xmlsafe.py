"""One XML parser for every document part we read ourselves.

External entities are never resolved, no DTD is loaded and nothing is
fetched over the network: a DOCX or EPUB that declares
``<!ENTITY x SYSTEM "file:///etc/passwd">`` gets an empty ``&x;``.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from desktop_app.core.errors import ImportFailed


def safe_parser(*, recover: bool = False) -> etree.XMLParser:
    """A parser that resolves no entities, loads no DTD and never uses the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=recover,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(path: Path, data: bytes, what: str, *, recover: bool = False) -> etree._Element:
    """Parse ``data`` (a part named ``what`` of the file at ``path``).

    Raises:
        ImportFailed: when the XML is malformed beyond repair.
    """
    try:
        root = etree.fromstring(data, safe_parser(recover=recover))
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(path, f"damaged document: {what} is not valid XML ({exc})") from None
    if root is None:
        raise ImportFailed(path, f"damaged document: {what} is empty")
    return root
