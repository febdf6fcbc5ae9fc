'use client';

import { Button } from '@/components/ui/button';
import { errorText } from '@/lib/problem';

import { useDecideEstimate, useTrackEstimates } from '../api/track-estimates';
import type { Estimate } from '../api/track-schemas';
import { useUpdateTrack } from '../api/update-track';
import { formatValue } from '../lib/format';

/** BPM trackers often lock onto half or double the felt tempo: name a candidate relative to the best. */
export function bpmRelation(best: number, value: number): '½' | '2×' | null {
  if (Math.abs(value * 2 - best) <= 1) return '½';
  if (Math.abs(value - best * 2) <= 1) return '2×';
  return null;
}

type FieldGroup = { field: string; best: Estimate; others: Estimate[] };

/** Estimates waiting for a person, grouped by field, the most confident first (measurements
 * such as loudness are facts, not suggestions: they are shown apart, without Accept/Reject). */
export function pendingByField(estimates: readonly Estimate[]): FieldGroup[] {
  const groups = new Map<string, Estimate[]>();
  for (const estimate of estimates) {
    if (estimate.review || !estimate.reviewable) continue;
    groups.set(estimate.field, [...(groups.get(estimate.field) ?? []), estimate]);
  }
  return [...groups.entries()].map(([field, items]) => {
    const [best, ...others] = [...items].sort((a, b) => (b.confidence ?? 0) - (a.confidence ?? 0));
    return { field, best: best as Estimate, others };
  });
}

/** AI suggestions of a track: accept or reject each; BPM half and double one click away. */
export function AiSuggestions({ trackId }: { trackId: string }) {
  const estimates = useTrackEstimates(trackId);
  const groups = pendingByField(estimates.data?.items ?? []);
  const measured = latestMeasurements(estimates.data?.items ?? []);
  return (
    <section aria-labelledby="ai-heading" className="flex flex-col gap-2">
      <h2 id="ai-heading" className="font-semibold">
        AI suggestions
      </h2>
      {estimates.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {!estimates.isPending && groups.length === 0 && (
        <p className="text-sm text-slate-500">No suggestions waiting for review.</p>
      )}
      <ul className="flex flex-col gap-2">
        {groups.map((group) => (
          <SuggestionItem key={group.field} trackId={trackId} group={group} />
        ))}
      </ul>
      {measured.length > 0 && (
        <dl aria-label="Measured" className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
          {measured.map((estimate) => (
            <div key={estimate.id} className="contents">
              <dt className="text-slate-600">{MEASURED_NAMES[estimate.field] ?? estimate.field}</dt>
              <dd>
                {formatValue(estimate.value)}
                {estimate.field === 'loudness_lufs' ? ' LUFS' : ''}{' '}
                <span className="text-xs text-slate-500">
                  measured · {estimate.model} {estimate.model_version}
                </span>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

const MEASURED_NAMES: Record<string, string> = { loudness_lufs: 'Integrated loudness' };

/** The newest value of each measured field (the list comes newest first). */
function latestMeasurements(estimates: readonly Estimate[]): Estimate[] {
  const seen = new Map<string, Estimate>();
  for (const estimate of estimates)
    if (!estimate.reviewable && !seen.has(estimate.field)) seen.set(estimate.field, estimate);
  return [...seen.values()];
}

function label(estimate: Estimate): string {
  const confidence =
    estimate.confidence == null ? '' : `${Math.round(estimate.confidence * 100)}% · `;
  return `${confidence}${estimate.model}${estimate.model_version ? ` ${estimate.model_version}` : ''}`;
}

function SuggestionItem({ trackId, group }: { trackId: string; group: FieldGroup }) {
  const decide = useDecideEstimate();
  const update = useUpdateTrack();
  const { best, others } = group;
  const run = (estimate: Estimate, decision: 'accept' | 'reject') =>
    decide.mutate({ trackId, estimateId: estimate.id, decision });
  const low = (best.confidence ?? 1) < 0.8;
  const bestBpm = group.field === 'bpm' && typeof best.value === 'number' ? best.value : null;
  const alternatives =
    bestBpm === null
      ? []
      : others.filter((o) => typeof o.value === 'number' && bpmRelation(bestBpm, o.value));
  const halfDouble =
    bestBpm === null
      ? []
      : [
          { relation: '½', value: bestBpm / 2 },
          { relation: '2×', value: bestBpm * 2 },
        ].filter(({ value }) => value >= 20 && value <= 400);
  return (
    <li
      className="rounded border border-violet-200 bg-violet-50 p-2 text-sm"
      aria-label={`Suggestion for ${group.field}`}
    >
      <p>
        <span className="font-medium capitalize">{group.field}</span>: {formatValue(best.value)}{' '}
        <span
          className={`rounded px-1 text-xs ${low ? 'bg-amber-100 text-amber-900' : 'bg-violet-100 text-violet-900'}`}
        >
          {label(best)}
        </span>
      </p>
      <div className="mt-1 flex flex-wrap gap-1">
        <Button
          size="sm"
          variant="primary"
          disabled={decide.isPending}
          onClick={() => run(best, 'accept')}
        >
          Accept
        </Button>
        {alternatives.map((alternative) => (
          <Button
            key={alternative.id}
            size="sm"
            disabled={decide.isPending}
            onClick={() => run(alternative, 'accept')}
          >
            Accept {bpmRelation(bestBpm as number, alternative.value as number)} (
            {formatValue(alternative.value)})
          </Button>
        ))}
        <Button
          size="sm"
          variant="ghost"
          disabled={decide.isPending}
          onClick={() => run(best, 'reject')}
        >
          Reject
        </Button>
      </div>
      {decide.isError && (
        <p role="alert" className="mt-1 text-red-800">
          Not saved: {errorText(decide.error)}
        </p>
      )}
      {alternatives.length === 0 && halfDouble.length > 0 && (
        <div className="mt-1 flex flex-wrap gap-1">
          {halfDouble.map(({ relation, value }) => (
            <Button
              key={relation}
              size="sm"
              disabled={decide.isPending || update.isPending}
              onClick={async () => {
                // a person's tempo replaces the estimate, which is then marked rejected
                await update.mutateAsync({
                  trackId,
                  changes: { bpm: Math.round(value * 100) / 100 },
                });
                run(best, 'reject');
              }}
            >
              Use {relation} ({Math.round(value * 100) / 100})
            </Button>
          ))}
        </div>
      )}
    </li>
  );
}
