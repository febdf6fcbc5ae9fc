'use client';

import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { FIELD_LABELS, type EditableField } from '@/lib/field-rules';
import { peopleOf } from '@/lib/people';
import { errorText } from '@/lib/problem';
import { ProvenanceBadge } from '@/components/ui/provenance-badge';
import { SourcedFieldsTable } from '@/components/ui/sourced-fields-table';

import { useTrackHistory } from '../api/track-history';
import type { Track } from '../api/track-schemas';
import { useUpdateTrack } from '../api/update-track';
import { fieldText, parseFieldInput } from '../lib/track-fields';

const SHOWN: EditableField[] = [
  'title',
  'version_title',
  'display_artist',
  'isrc',
  'genre',
  'sub_genre',
  'moods',
  'bpm',
  'key',
  'vocals',
  'vocal_gender',
  'preview_start_s',
  'explicit',
  'language',
  'disc_number',
  'track_number',
];

/** Every value with where it came from; each editable in place (Zod-checked, then PATCHed). */
export function TrackFields({ track }: { track: Track }) {
  return (
    <SourcedFieldsTable caption="Track metadata with the source of each value">
      {SHOWN.map((field) => (
        <FieldRow key={field} track={track} field={field} />
      ))}
      {track.era_hint && <EraHintRow track={track} />}
    </SourcedFieldsTable>
  );
}

/** The decade the audio sounds like: an AI suggestion shown beside the facts, never a date. */
function EraHintRow({ track }: { track: Track }) {
  return (
    <tr id="field-era_hint" className="border-t border-slate-100 align-top">
      <th scope="row" className="py-1.5 pr-2 text-left font-medium text-slate-600">
        Era (suggestion)
      </th>
      <td className="py-1.5 pr-2">
        sounds like the {track.era_hint}
        <p className="text-xs text-slate-500">
          A suggestion from the audio; the release date is not changed.
        </p>
      </td>
      <td className="py-1.5">
        <ProvenanceBadge provenance={track.provenance.era_hint} />
      </td>
    </tr>
  );
}

function FieldRow({ track, field }: { track: Track; field: EditableField }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const update = useUpdateTrack();
  const history = useTrackHistory(track.id);
  const label = FIELD_LABELS[field];

  async function save(event: FormEvent) {
    event.preventDefault();
    if (draft === null) return;
    const parsed = parseFieldInput(field, draft);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    try {
      await update.mutateAsync({
        trackId: track.id,
        changes: parsed.changes,
      });
      setDraft(null);
      setError(null);
    } catch (failure) {
      setError(errorText(failure));
    }
  }

  return (
    <tr id={`field-${field}`} className="border-t border-slate-100 align-top target:bg-yellow-50">
      <th scope="row" className="py-1.5 pr-2 text-left font-medium text-slate-600">
        {label}
      </th>
      <td className="py-1.5 pr-2 break-words">
        {draft === null ? (
          <button
            type="button"
            className="w-full rounded px-1 text-left hover:bg-slate-100"
            aria-label={`Edit ${label}: ${fieldText(track, field) || 'empty'}`}
            onClick={() => setDraft(fieldText(track, field))}
          >
            {fieldText(track, field) || <span className="text-slate-400">—</span>}
          </button>
        ) : (
          <form onSubmit={save} className="flex flex-col gap-1">
            <div className="flex gap-1">
              <input
                autoFocus
                aria-label={label}
                aria-invalid={error ? true : undefined}
                value={draft}
                onChange={(event) => {
                  setDraft(event.target.value);
                  setError(null);
                }}
                onKeyDown={(event) => {
                  if (event.key === 'Escape') {
                    setDraft(null);
                    setError(null);
                  }
                }}
                className="w-full rounded border border-slate-300 px-1 py-0.5 aria-[invalid=true]:border-red-600"
              />
              <Button size="sm" type="submit" variant="primary" disabled={update.isPending}>
                Save
              </Button>
              <Button size="sm" onClick={() => setDraft(null)}>
                Cancel
              </Button>
            </div>
            {error && (
              <p role="alert" className="text-xs text-red-800">
                {error}
              </p>
            )}
          </form>
        )}
      </td>
      <td className="py-1.5">
        <ProvenanceBadge
          provenance={track.provenance[field]}
          people={peopleOf(track.provenance[field], history.data?.items ?? [])}
        />
      </td>
    </tr>
  );
}
