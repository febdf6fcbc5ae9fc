'use client';

import { Button } from '@/components/ui/button';
import { notify } from '@/lib/notifications';
import { changeAnchor, entryActor, personLabel } from '@/lib/people';
import { ApiError, errorText } from '@/lib/problem';

import { useTrackHistory, useUndoChange } from '../api/track-history';
import type { HistoryEntry } from '../api/track-schemas';
import { formatValue } from '../lib/format';

/** Why an undo was refused, in words: the server names the field and the later change. */
function undoRefusal(error: unknown): string {
  if (error instanceof ApiError && error.status === 409)
    return `This change cannot be undone yet: ${error.detail}`;
  return errorText(error);
}

/** Every change of the track, newest first, each undoable (a bulk change is undone as a whole). */
export function FieldHistory({ trackId }: { trackId: string }) {
  const history = useTrackHistory(trackId);
  const undo = useUndoChange();
  const entries = [...(history.data?.items ?? [])].sort((a, b) =>
    b.occurred_at.localeCompare(a.occurred_at),
  );
  return (
    <section aria-labelledby="history-heading" className="flex flex-col gap-2">
      <h2 id="history-heading" className="font-semibold">
        History
      </h2>
      {history.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {!history.isPending && entries.length === 0 && (
        <p className="text-sm text-slate-500">No changes yet.</p>
      )}
      <ol className="flex flex-col gap-1 text-sm">
        {entries.map((entry, index) => (
          <li
            key={entry.id ?? index}
            id={anchorOf(entries, index)}
            className="rounded border border-slate-200 bg-white p-2 target:ring-2 target:ring-indigo-500"
          >
            <div className="flex flex-wrap items-center gap-2">
              <time dateTime={entry.occurred_at} className="text-xs text-slate-500">
                {new Date(entry.occurred_at).toLocaleString()}
              </time>
              <span className="text-xs">{entry.action}</span>
              {entryActor(entry) && (
                <span className="text-xs text-slate-500">by {entryActor(entry)}</span>
              )}
              <UndoLinks entry={entry} />
              {entry.change_id && !entry.undoes && !entry.undone_by && (
                <Button
                  size="sm"
                  variant="ghost"
                  className="ml-auto"
                  disabled={undo.isPending}
                  onClick={() =>
                    undo.mutate(entry.change_id as string, {
                      onSuccess: () => notify({ kind: 'success', title: 'Change undone' }),
                    })
                  }
                  aria-describedby={
                    undo.isError && undo.variables === entry.change_id
                      ? `undo-error-${entry.change_id}`
                      : undefined
                  }
                >
                  Undo
                </Button>
              )}
            </div>
            {undo.isError && undo.variables === entry.change_id && (
              <p
                id={`undo-error-${entry.change_id}`}
                role="alert"
                className="mt-1 text-xs text-red-800"
              >
                {undoRefusal(undo.error)}
              </p>
            )}
            <ul className="mt-1">
              {entry.changes.map((change) => (
                <li key={change.field}>
                  <span className="font-medium">{change.field}</span>: {formatValue(change.before)}{' '}
                  → {formatValue(change.after)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The first entry of each change carries its anchor, so "undone by" can link to it. */
function anchorOf(entries: readonly HistoryEntry[], index: number): string | undefined {
  const change = entries[index]?.change_id;
  if (!change) return undefined;
  return entries.findIndex((other) => other.change_id === change) === index
    ? changeAnchor(change)
    : undefined;
}

/** "undone by Ben" on a change that was undone, "undid an earlier change" on the undo, each a
 * link to the other entry. */
function UndoLinks({ entry }: { entry: HistoryEntry }) {
  const undo = entry.undone_by;
  if (undo)
    return (
      <a href={`#${changeAnchor(undo.change_id)}`} className="text-xs text-indigo-800 underline">
        undone by {personLabel(undo.actor_id, undo.actor_name) ?? 'an undo'}
      </a>
    );
  if (entry.undoes)
    return (
      <a href={`#${changeAnchor(entry.undoes)}`} className="text-xs text-indigo-800 underline">
        undid an earlier change
      </a>
    );
  return null;
}
