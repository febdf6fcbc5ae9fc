"""Parse XML from strangers safely: DOCTYPE and entities are refused before the parser runs.

A DOCTYPE is where every XML attack starts (external entities reading local files or opening
connections, billion-laughs expansion, external DTDs), and no DDEX message needs one. So the raw
bytes are scanned first and the file is refused without parsing; only then does lxml parse it,
with entity resolution, DTD loading and network access all switched off.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from shared.errors import InvalidInput

_DANGEROUS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


class UnsafeXml(InvalidInput):
    """The XML carries a DOCTYPE or entity declarations: refused before parsing."""


class MalformedXml(InvalidInput):
    """The XML is not well-formed; the message names line and column."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def _scannable(data: bytes) -> bytes:
    """The bytes in an ASCII-compatible form, so markup can be searched for."""
    if data.startswith(_UTF32_BOMS):
        return data.decode("utf-32", errors="replace").encode("utf-8")
    if data.startswith(_UTF16_BOMS) or data[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16-be" if data[:1] == b"\x00" or data.startswith(b"\xfe\xff") else "utf-16"
        return data.decode(encoding, errors="replace").encode("utf-8")
    return data


def refuse_dangerous_markup(data: bytes) -> None:
    """Raise UnsafeXml when the document declares a DOCTYPE or entities."""
    scannable = _scannable(data)
    match = _DANGEROUS.search(scannable)
    if match is None:
        return
    line = scannable.count(b"\n", 0, match.start()) + 1
    kind = match.group(1).decode().upper()
    raise UnsafeXml(
        f"line {line}: the XML declares a {kind}; DTDs and entities are refused (they are how "
        "XXE and entity-expansion attacks work, and DDEX messages never need them): remove it"
    )


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,
    )


def parse_xml(data: bytes) -> etree._Element:
    """The root element of ``data``; UnsafeXml or MalformedXml say what is wrong and where."""
    if not data.strip():
        raise MalformedXml("the file is empty", None, None)
    refuse_dangerous_markup(data)
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        text = str(exc.msg or exc).split(" (line ", 1)[0]
        where = f"line {line}, column {column}" if line else "XML"
        raise MalformedXml(f"{where}: {text}", line, column) from None


def local_name(element: etree._Element) -> str:
    """The element's name without its namespace."""
    return str(etree.QName(element).localname)


def namespace_of(element: etree._Element) -> str:
    """The element's namespace ('' when it has none)."""
    return str(etree.QName(element).namespace or "")


def path_of(element: etree._Element) -> str:
    """An XPath without namespace prefixes: /NewReleaseMessage/ResourceList/SoundRecording[2]."""
    return re.sub(r"/[A-Za-z0-9_]+:", "/", element.getroottree().getpath(element))


def location_of(element: etree._Element) -> str:
    """``line N, /path`` for findings."""
    return f"line {element.sourceline}, {path_of(element)}"
