"""Limits on GraphQL queries, cheapest first.

``screen_query`` runs before strawberry sees a query: it parses with a token cap and counts
aliases, directives and the length of number literals, so a flood of 3,000 aliases or
directives is refused in milliseconds with one message (validating it took seconds and logged
an error per duplicate). Then, as validation rules: depth (strawberry's QueryDepthLimiter),
aliases (MaxAliasesLimiter) and complexity: every field costs 1 times the number of objects it
may be asked for. A connection's ``first`` multiplies what is below it (up to the largest page
when the value is a variable); plain list fields count as ``LIST_SIZE``.
"""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import (
    DirectiveNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSyntaxError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    Visitor,
    parse,
    visit,
)

logger = logging.getLogger(__name__)

MAX_TOKENS = 5_000  # the web UI's largest query has a few hundred
MAX_ALIASES = 30
MAX_DIRECTIVES = 50
MAX_NUMBER_CHARS = 50


class _Counter(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.aliases = 0
        self.directives = 0
        self.long_number: str | None = None

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        self.aliases += node.alias is not None

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        self.directives += 1

    def enter_int_value(self, node: IntValueNode, *_: Any) -> None:
        self._number(node.value)

    def enter_float_value(self, node: FloatValueNode, *_: Any) -> None:
        self._number(node.value)

    def _number(self, text: str) -> None:
        if len(text) > MAX_NUMBER_CHARS and self.long_number is None:
            self.long_number = (
                f"a number literal has {len(text):,} characters; at most {MAX_NUMBER_CHARS}"
            )


def screen_query(query: str) -> str | None:
    """Why ``query`` is refused before validation (too many tokens, aliases or directives, a
    number too long to convert), or None."""
    try:
        document = parse(query, no_location=True, max_tokens=MAX_TOKENS)
    except GraphQLSyntaxError as exc:
        if "tokens" in exc.message:
            return f"the query has more than {MAX_TOKENS:,} tokens"
        return None  # strawberry reports syntax errors with their location
    counter = _Counter()
    visit(document, counter)
    if counter.aliases > MAX_ALIASES:
        return f"the query uses {counter.aliases:,} aliases; at most {MAX_ALIASES}"
    if counter.directives > MAX_DIRECTIVES:
        return f"the query uses {counter.directives:,} directives; at most {MAX_DIRECTIVES}"
    return counter.long_number


class OneLineSchema(strawberry.Schema):
    """Errors cost one log line per request: strawberry's own logs each error at ERROR with its
    traceback (2,254 lines for one directive flood). Internal errors are logged with their
    traceback where the response hides them (``shared.api.graphql._error``)."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """One line: how many errors and the first."""
        if errors:
            logger.info("graphql: %d error(s), the first: %s", len(errors), errors[0].message)


MAX_PAGE = 100
LIST_SIZE = 10
LIST_FIELDS = {"contributors", "writers", "publishers", "deals", "estimates"}


def _multiplier(node: FieldNode) -> int:
    for argument in node.arguments or ():
        if argument.name.value == "first":
            value = argument.value
            if not isinstance(value, IntValueNode) or len(value.value) > MAX_NUMBER_CHARS:
                return MAX_PAGE
            return min(int(value.value), MAX_PAGE)
    return LIST_SIZE if node.name.value in LIST_FIELDS else 1


def query_cost(
    selections: SelectionSetNode | None,
    fragments: dict[str, Any],
    multiplier: int = 1,
    seen: frozenset[str] = frozenset(),
) -> int:
    """The estimated number of field resolutions of a selection set."""
    if selections is None:
        return 0
    cost = 0
    for node in selections.selections:
        if isinstance(node, FieldNode):
            cost += multiplier + query_cost(
                node.selection_set, fragments, multiplier * _multiplier(node), seen
            )
        elif isinstance(node, InlineFragmentNode):
            cost += query_cost(node.selection_set, fragments, multiplier, seen)
        elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
            fragment = fragments.get(node.name.value)
            if fragment is not None:
                cost += query_cost(
                    fragment.selection_set, fragments, multiplier, seen | {node.name.value}
                )
    return cost


def complexity_limit(limit: int) -> type[ValidationRule]:
    """A validation rule refusing operations that cost more than ``limit``."""

    class ComplexityLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            fragments = {
                f.name.value: f
                for f in self.context.document.definitions
                if isinstance(f, FragmentDefinitionNode)
            }
            cost = query_cost(node.selection_set, fragments)
            if cost > limit:
                self.report_error(
                    GraphQLError(
                        f"query complexity {cost} is over the limit of {limit}: ask for fewer "
                        "objects (smaller first:) or fewer nested fields",
                        node,
                    )
                )

    return ComplexityLimit
