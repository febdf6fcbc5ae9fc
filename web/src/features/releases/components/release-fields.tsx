'use client';

import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { ProvenanceBadge } from '@/components/ui/provenance-badge';
import { SourcedFieldsTable } from '@/components/ui/sourced-fields-table';
import { peopleOf } from '@/lib/people';
import { errorText } from '@/lib/problem';

import { useReleaseHistory } from '../api/release-history';
import type { Release } from '../api/release-schemas';
import { useUpdateRelease } from '../api/update-release';
import {
  PARENTAL_ADVISORIES,
  RELEASE_FIELD_LABELS,
  RELEASE_FIELDS,
  RELEASE_TYPES,
  parseReleaseField,
  releaseFieldText,
  type ReleaseField,
} from '../lib/release-fields';

const HINTS: Partial<Record<ReleaseField, string>> = {
  p_line: 'year and owner, e.g. "2025 Moonbeam Records"',
  c_line: 'year and owner, e.g. "2025 Moonbeam Records"',
  release_date: 'YYYY-MM-DD',
  original_release_date: 'YYYY-MM-DD',
  territories: 'ISO codes, e.g. "DE, FR", or "Worldwide"',
};

const CHOICES: Partial<Record<ReleaseField, readonly string[]>> = {
  release_type: RELEASE_TYPES,
  parental_advisory: PARENTAL_ADVISORIES,
};

/** Every release field the validation rules ask for, each with its source, edited in place:
 * checked by Zod first, then PATCHed; a refusal is shown beside the field and nothing is kept. */
export function ReleaseFields({ release }: { release: Release }) {
  return (
    <SourcedFieldsTable caption="Release metadata with the source of each value">
      {RELEASE_FIELDS.map((field) => (
        <ReleaseFieldRow key={field} release={release} field={field} />
      ))}
    </SourcedFieldsTable>
  );
}

function ReleaseFieldRow({ release, field }: { release: Release; field: ReleaseField }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const update = useUpdateRelease();
  const history = useReleaseHistory(release.id);
  const label = RELEASE_FIELD_LABELS[field];
  const shown = releaseFieldText(release, field);
  const errorId = `release-${field}-error`;

  function cancel() {
    setDraft(null);
    setError(null);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (draft === null) return;
    const parsed = parseReleaseField(field, draft);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    try {
      await update.mutateAsync({ releaseId: release.id, changes: parsed.changes });
      cancel();
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
            aria-label={`Edit ${label}: ${shown || 'empty'}`}
            onClick={() => setDraft(shown)}
          >
            {shown || <span className="text-slate-400">—</span>}
          </button>
        ) : (
          <form onSubmit={save} className="flex flex-col gap-1">
            <div className="flex gap-1">
              <input
                autoFocus
                aria-label={label}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                list={CHOICES[field] ? `release-${field}-choices` : undefined}
                placeholder={HINTS[field]}
                value={draft}
                onChange={(event) => {
                  setDraft(event.target.value);
                  setError(null);
                }}
                onKeyDown={(event) => {
                  if (event.key === 'Escape') cancel();
                }}
                className="w-full rounded border border-slate-300 px-1 py-0.5 aria-[invalid=true]:border-red-600"
              />
              {CHOICES[field] && (
                <datalist id={`release-${field}-choices`}>
                  {CHOICES[field].map((choice) => (
                    <option key={choice} value={choice} />
                  ))}
                </datalist>
              )}
              <Button size="sm" type="submit" variant="primary" disabled={update.isPending}>
                Save
              </Button>
              <Button size="sm" onClick={cancel}>
                Cancel
              </Button>
            </div>
            {error && (
              <p id={errorId} role="alert" className="text-xs text-red-800">
                {error}
              </p>
            )}
          </form>
        )}
      </td>
      <td className="py-1.5">
        <ProvenanceBadge
          provenance={release.provenance[field]}
          people={peopleOf(release.provenance[field], history.data?.items ?? [], {
            linkChanges: false,
          })}
        />
      </td>
    </tr>
  );
}
