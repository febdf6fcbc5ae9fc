"""DDEX allowed-value sets: which elements and attributes are coded, and their allowed codes.

Read from the schema itself: the AVS file gives each list's codes, and the release-notification
schema says which element (in which parent type) or attribute carries which list. A walk over a
message then checks every coded value and the UserDefined rule, with a "did you mean" for typos,
and reports each with its line and path.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from shared.domain.findings import Finding, Layer, Severity
from shared.ern.safe_xml import local_name, location_of

XS = "{http://www.w3.org/2001/XMLSchema}"
_LEAF = ""  # a type we do not descend into (xs:string, a date...)


@dataclass
class _TypeInfo:
    """What one complex type of the ERN schema allows, as far as coded values go."""

    children: dict[str, str] = field(default_factory=dict)  # element -> type key
    attributes: dict[str, str] = field(default_factory=dict)  # attribute -> AVS list
    value_list: str | None = None  # AVS list of the element's own text
    bases: list[str] = field(default_factory=list)  # type keys it extends


@dataclass(frozen=True, slots=True)
class AvsIndex:
    """The allowed codes per list and where each list is used."""

    codes: dict[str, frozenset[str]]
    types: dict[str, _TypeInfo]
    root_types: dict[str, str]  # root element name -> type key

    def check(self, root: etree._Element) -> list[Finding]:
        """Every coded value of the message that is not in its list, or misuses UserDefined."""
        type_key = self.root_types.get(local_name(root))
        if type_key is None:
            return []
        return list(self._walk(root, type_key))

    def _info(self, key: str) -> _TypeInfo:
        info = self.types.get(key)
        if info is None:
            return _TypeInfo()
        if not info.bases:
            return info
        merged = _TypeInfo(dict(info.children), dict(info.attributes), info.value_list)
        for base in info.bases:
            inherited = self._info(base)
            merged.children = {**inherited.children, **merged.children}
            merged.attributes = {**inherited.attributes, **merged.attributes}
            merged.value_list = merged.value_list or inherited.value_list
        self.types[key] = merged
        return merged

    def _list_of(self, type_key: str) -> str | None:
        return type_key if type_key in self.codes else self._info(type_key).value_list

    def _walk(self, root: etree._Element, root_key: str) -> Iterator[Finding]:
        stack: list[tuple[etree._Element, str]] = [(root, root_key)]
        while stack:
            element, key = stack.pop()
            info = self._info(key)
            if info.value_list:
                yield from self._check_value(element, info.value_list, (element.text or "").strip())
            for name, attribute_type in info.attributes.items():
                value = element.get(name)
                list_name = self._list_of(attribute_type)
                if value is not None and list_name:
                    yield from self._check_attribute(element, name, list_name, value)
            for child in element:
                if not isinstance(child.tag, str):
                    continue  # comments, processing instructions
                child_key = info.children.get(local_name(child))
                if child_key is None:
                    continue
                if child_key in self.codes:
                    yield from self._check_value(child, child_key, (child.text or "").strip())
                elif child_key != _LEAF:
                    stack.append((child, child_key))

    def _check_value(
        self, element: etree._Element, list_name: str, value: str
    ) -> Iterator[Finding]:
        allowed = self.codes.get(list_name, frozenset())
        name = local_name(element)
        if value == "UserDefined":
            if not element.get("UserDefinedValue"):
                yield _finding(
                    element,
                    f"{name} is UserDefined but has no UserDefinedValue "
                    "attribute saying what the value is",
                    "avs.userdefined-value",
                )
            elif not element.get("Namespace"):
                yield _finding(
                    element,
                    f"{name} is UserDefined ({element.get('UserDefinedValue')!r})"
                    " without a Namespace attribute naming whose list it comes from",
                    "avs.userdefined-namespace",
                )
            return
        if value not in allowed:
            yield _finding(element, _not_allowed(name, value, list_name, allowed), "avs.code")
        elif element.get("UserDefinedValue"):
            yield _finding(
                element,
                f"{name} has UserDefinedValue={element.get('UserDefinedValue')!r}"
                f" but its value is {value!r}, not UserDefined",
                "avs.userdefined-value",
                Severity.WARNING,
            )

    def _check_attribute(
        self, element: etree._Element, name: str, list_name: str, value: str
    ) -> Iterator[Finding]:
        allowed = self.codes.get(list_name, frozenset())
        if value not in allowed:
            yield _finding(element, _not_allowed(f"@{name}", value, list_name, allowed), "avs.code")


def _not_allowed(name: str, value: str, list_name: str, allowed: frozenset[str]) -> str:
    message = f"{name} {value!r} is not in the DDEX allowed-value set {list_name[4:]}"
    close = difflib.get_close_matches(value, sorted(allowed), n=1, cutoff=0.75)
    lowered = {code.lower(): code for code in allowed}
    suggestion = lowered.get(value.lower()) or (close[0] if close else None)
    return message + (f" (did you mean {suggestion!r}?)" if suggestion else "")


def _finding(
    element: etree._Element, message: str, rule: str, severity: Severity = Severity.BLOCKING
) -> Finding:
    return Finding(
        Layer.AVS, severity, location_of(element), message, rule, line=element.sourceline
    )


# ---------------------------------------------------------------- reading the schema


def load_avs_index(xsd_path: Path, avs_path: Path) -> AvsIndex:
    """Build the index from a release-notification schema and its allowed-value-set file."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    avs_root = etree.parse(str(avs_path), parser).getroot()
    ern_root = etree.parse(str(xsd_path), parser).getroot()
    reader = _SchemaReader(ern_root, avs_root.get("targetNamespace") or "")
    codes = _read_codes(avs_root)
    types = reader.read_types()
    return AvsIndex(codes, types, reader.root_types)


def _read_codes(avs_root: etree._Element) -> dict[str, frozenset[str]]:
    codes: dict[str, frozenset[str]] = {}
    unions: dict[str, list[str]] = {}
    for simple in avs_root.iter(f"{XS}simpleType"):
        name = simple.get("name")
        if not name:
            continue
        union = simple.find(f"{XS}union")
        if union is not None:  # ERN 3.x: CurrentTerritoryCode = ISO + TIS + Worldwide lists
            unions[name] = [m.rpartition(":")[2] for m in union.get("memberTypes", "").split()]
        values = {e.get("value", "") for e in simple.iter(f"{XS}enumeration")}
        codes[f"avs:{name}"] = frozenset(values)
    for name, members in unions.items():
        codes[f"avs:{name}"] = frozenset().union(*(codes.get(f"avs:{m}", ()) for m in members))
    return codes


class _SchemaReader:
    """Turns the release-notification schema into _TypeInfo per complex type."""

    def __init__(self, root: etree._Element, avs_namespace: str) -> None:
        self._root = root
        self._target = root.get("targetNamespace") or ""
        self._avs = avs_namespace
        self._types: dict[str, _TypeInfo] = {}
        self._anonymous = 0
        self.root_types: dict[str, str] = {}

    def read_types(self) -> dict[str, _TypeInfo]:
        for node in self._root:
            if node.tag == f"{XS}complexType" and node.get("name"):
                self._types[node.get("name", "")] = self._complex(node)
            elif node.tag == f"{XS}simpleType" and node.get("name"):
                self._types[node.get("name", "")] = self._simple(node)
            elif node.tag == f"{XS}element" and node.get("name"):
                self.root_types[node.get("name", "")] = self._element_type(node)
        return self._types

    def _reference(self, node: etree._Element, qualified: str) -> str:
        """'avs:X' -> the AVS list X; 'ern:X' -> the type key X; built-ins -> _LEAF."""
        prefix, _, name = qualified.rpartition(":")
        namespace = node.nsmap.get(prefix or None, "")
        if namespace == self._avs:
            return f"avs:{name}"
        if namespace == self._target:
            return name
        return _LEAF

    def _element_type(self, element: etree._Element) -> str:
        declared = element.get("type")
        if declared:
            return self._reference(element, declared)
        inline = element.find(f"{XS}complexType")
        if inline is None:
            simple = element.find(f"{XS}simpleType")
            return self._simple_base(simple) if simple is not None else _LEAF
        self._anonymous += 1
        key = f"#anonymous{self._anonymous}"
        self._types[key] = self._complex(inline)
        return key

    def _simple(self, node: etree._Element) -> _TypeInfo:
        return _TypeInfo(value_list=self._simple_base(node) or None)

    def _simple_base(self, node: etree._Element) -> str:
        restriction = node.find(f"{XS}restriction")
        if restriction is None or not restriction.get("base"):
            return _LEAF
        return self._reference(restriction, restriction.get("base", ""))

    def _complex(self, node: etree._Element) -> _TypeInfo:
        info = _TypeInfo()
        for child in node.iter(f"{XS}element", f"{XS}attribute", f"{XS}extension"):
            if child is node or _inside_nested_type(child, node):
                continue
            name = etree.QName(child).localname
            if name == "element" and child.get("name"):
                info.children[child.get("name", "")] = self._element_type(child)
            elif name == "attribute" and child.get("name") and child.get("type"):
                target = self._reference(child, child.get("type", ""))
                if target:
                    info.attributes[child.get("name", "")] = target
            elif name == "extension" and child.get("base"):
                self._extend(info, child)
        return info

    def _extend(self, info: _TypeInfo, extension: etree._Element) -> None:
        base = self._reference(extension, extension.get("base", ""))
        if not base:
            return
        if base.startswith("avs:"):
            info.value_list = base
        else:
            info.bases.append(base)


def _inside_nested_type(child: etree._Element, owner: etree._Element) -> bool:
    parent = child.getparent()
    while parent is not None and parent is not owner:
        if parent.tag == f"{XS}complexType":
            return True
        parent = parent.getparent()
    return False
