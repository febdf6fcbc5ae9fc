"""Names and undo links for a page of history (issue 17, item 1): the history and audit APIs
show who acted by name, and an undone change says by whom, instead of bare ids."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from shared.domain.attribution import Attribution, UndoneBy
from shared.domain.audit import ActorType, AuditEvent
from shared.unit_of_work import UnitOfWork


class AttributionService:
    """Looks up the people and undo links behind audit records (one read transaction)."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self._uow = uow

    def of(self, events: Sequence[AuditEvent]) -> Attribution:
        """The names of the users in ``events`` and of whoever undid their changes."""
        change_ids = list({e.change_set_id for e in events if e.change_set_id})
        with self._uow() as uow:
            changes = uow.changes.many(change_ids) if change_ids else {}
            undo_ids = [c.undone_by for c in changes.values() if c.undone_by]
            undos = uow.changes.many(undo_ids) if undo_ids else {}
            actors = [e.actor for e in events] + [u.actor for u in undos.values()]
            user_ids = {a.id for a in actors if a.type is ActorType.USER and a.id}
            names = uow.identity.display_names(user_ids)
        undone_by = {
            change.id: UndoneBy(undo.id, undo.actor, undo.created_at)
            for change in changes.values()
            if change.undone_by and (undo := undos.get(change.undone_by)) is not None
        }
        undoes = {c.id: c.undoes for c in changes.values() if c.undoes}
        return Attribution(names, undone_by, undoes)
