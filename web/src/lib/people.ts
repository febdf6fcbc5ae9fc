// Who acted, by name, for any record's history and the source badges of its values
import type { ApiSchemas } from '@/lib/api-types';
import { signedInUserId } from '@/lib/session';

type HistoryEntry = ApiSchemas['AuditEventOut'];
type Provenance = ApiSchemas['ProvenanceOut'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNDO_NOTE = /^undo of change ([0-9a-f-]{36})$/i;

/** Who acted, in words: "you", the person's name (or e-mail) the server gave, an API client's
 * or pipeline stage's id; never a bare user UUID (a user gone since reads "a former user"). */
export function personLabel(id: string | null | undefined, name?: string | null): string | null {
  if (!id) return name ?? null;
  if (id === signedInUserId()) return 'you';
  if (name) return name;
  return UUID.test(id) ? 'a former user' : id;
}

/** The name of whoever acted in an entry (its actor's name, else as personLabel says). */
export function entryActor(entry: HistoryEntry): string | null {
  const actor = entry.actor ?? {};
  return personLabel(actor.id ?? null, actor.name ?? actor.client_id ?? null);
}

/** The change an "undo of change <id>" note names, if the note is one. */
export function undoneChangeOf(detail: string | null | undefined): string | null {
  return detail?.match(UNDO_NOTE)?.[1] ?? null;
}

/** The history anchor of a change: each entry of the list carries its change's id. */
export const changeAnchor = (changeId: string) => `change-${changeId}`;

/** Names of the people in a history, by user id, for values whose source names only an id. */
export function namesOf(entries: readonly HistoryEntry[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const entry of entries) {
    if (entry.actor?.id && entry.actor.name) names.set(entry.actor.id, entry.actor.name);
    const undo = entry.undone_by;
    if (undo?.actor_id && undo.actor_name) names.set(undo.actor_id, undo.actor_name);
  }
  return names;
}

/** The people behind a value's source, by name, from its record's history: who set it, and for
 * a value an undo restored, who undid it (and, with ``linkChanges``, the history entry to open). */
export function peopleOf(
  provenance: Provenance | undefined,
  entries: readonly HistoryEntry[],
  { linkChanges = true }: { linkChanges?: boolean } = {},
) {
  if (!provenance?.actor) return undefined;
  const names = namesOf(entries);
  const actor = personLabel(provenance.actor, names.get(provenance.actor));
  const undone = undoneChangeOf(provenance.detail);
  if (!undone) return { actor, undo: null };
  const undo = entries.find((entry) => entry.change_id === undone)?.undone_by;
  return {
    actor,
    undo: {
      by: undo ? personLabel(undo.actor_id, undo.actor_name) : actor,
      href: linkChanges ? `#${changeAnchor(undo?.change_id ?? undone)}` : null,
    },
  };
}
