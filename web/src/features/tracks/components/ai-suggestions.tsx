'use client';

import { Button } from '@/components/ui/button';
import { formatValue } from '../lib/format';

import { useDecideEstimate, useTrackEstimates } from '../api/track-estimates';
import type { Estimate } from '../api/track-schemas';

/** BPM trackers often lock onto half or double the felt tempo: offer both, one click away. */
export function bpmAlternatives(bpm: number): number[] {
  return [bpm / 2, bpm * 2]
    .map((value) => Math.round(value * 100) / 100)
    .filter((value) => value >= 20 && value <= 400);
}

/** Pending AI estimates of a track: accept (or accept a BPM alternative) or reject each. */
export function AiSuggestions({ trackId }: { trackId: string }) {
  const estimates = useTrackEstimates(trackId);
  const pending = (estimates.data?.items ?? []).filter((estimate) => estimate.status === 'pending');
  return (
    <section aria-labelledby="ai-heading" className="flex flex-col gap-2">
      <h2 id="ai-heading" className="font-semibold">
        AI suggestions
      </h2>
      {estimates.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {!estimates.isPending && pending.length === 0 && (
        <p className="text-sm text-slate-500">No suggestions waiting for review.</p>
      )}
      <ul className="flex flex-col gap-2">
        {pending.map((estimate) => (
          <SuggestionItem key={estimate.id} trackId={trackId} estimate={estimate} />
        ))}
      </ul>
    </section>
  );
}

function SuggestionItem({ trackId, estimate }: { trackId: string; estimate: Estimate }) {
  const decide = useDecideEstimate();
  const alternatives =
    estimate.field === 'bpm' && typeof estimate.value === 'number'
      ? (estimate.alternatives?.filter((v): v is number => typeof v === 'number') ??
        bpmAlternatives(estimate.value))
      : [];
  const confidence = Math.round(estimate.confidence * 100);
  const run = (decision: 'accept' | 'reject', value?: number) =>
    decide.mutate({ trackId, estimateId: estimate.id, decision, value });
  return (
    <li
      className="rounded border border-violet-200 bg-violet-50 p-2 text-sm"
      aria-label={`Suggestion for ${estimate.field}`}
    >
      <p>
        <span className="font-medium capitalize">{estimate.field}</span>:{' '}
        {formatValue(estimate.value)}{' '}
        <span
          className={`rounded px-1 text-xs ${confidence < 80 ? 'bg-amber-100 text-amber-900' : 'bg-violet-100 text-violet-900'}`}
        >
          {confidence}% · {estimate.model}
          {estimate.model_version ? ` ${estimate.model_version}` : ''}
        </span>
      </p>
      <div className="mt-1 flex flex-wrap gap-1">
        <Button
          size="sm"
          variant="primary"
          disabled={decide.isPending}
          onClick={() => run('accept')}
        >
          Accept
        </Button>
        {alternatives.map((value) => (
          <Button
            key={value}
            size="sm"
            disabled={decide.isPending}
            onClick={() => run('accept', value)}
          >
            Accept {value > (estimate.value as number) ? '2×' : '½'} ({value})
          </Button>
        ))}
        <Button size="sm" variant="ghost" disabled={decide.isPending} onClick={() => run('reject')}>
          Reject
        </Button>
      </div>
    </li>
  );
}
