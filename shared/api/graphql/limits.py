"""Query complexity: every field costs 1 times the number of objects it may be asked for.

A connection's ``first`` multiplies what is below it (up to the largest page when the value is a
variable); plain list fields count as ``LIST_SIZE``. Depth is limited separately by strawberry's
QueryDepthLimiter.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
)

MAX_PAGE = 100
LIST_SIZE = 10
LIST_FIELDS = {"contributors", "writers", "publishers", "deals", "estimates"}


def _multiplier(node: FieldNode) -> int:
    for argument in node.arguments or ():
        if argument.name.value == "first":
            value = argument.value
            return min(int(value.value), MAX_PAGE) if isinstance(value, IntValueNode) else MAX_PAGE
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
