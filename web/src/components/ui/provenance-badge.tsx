import type { ApiSchemas } from '@/lib/api-types';
import { actorLabel } from '@/lib/session';

// Where a value came from, the same badge for a track's fields and a release's
type Provenance = ApiSchemas['ProvenanceOut'];

const TONES: Record<Provenance['source'], string> = {
  tag: 'bg-sky-100 text-sky-900',
  ai: 'bg-violet-100 text-violet-900',
  human: 'bg-emerald-100 text-emerald-900',
  import: 'bg-amber-100 text-amber-900',
  dsp: 'bg-slate-200 text-slate-800',
};

const NAMES: Record<Provenance['source'], string> = {
  tag: 'tag',
  ai: 'AI',
  human: 'human',
  import: 'import',
  dsp: 'measured',
};

const REVIEWS = [
  ['accepted AI estimate', 'AI value reviewed'],
  ['rejected AI estimate', 'AI value rejected'],
] as const;

/** Who set a value, in words, when the caller knows more than the id ("Anna", "you"). */
export type ProvenancePeople = {
  /** the person behind ``provenance.actor`` */
  actor?: string | null;
  /** the value was restored by an undo: who undid, and where that change is shown */
  undo?: { by: string | null; href: string | null } | null;
};

const UNDO_NOTE = /^undo of change /;

/** Where a value came from: "AI · musicnn 1.0 · 82%", "tag · ID3 TSRC", "human · Anna", "human ·
 * undone by Ben"; never a bare change or user id when the caller names them. */
export function describeProvenance(provenance: Provenance, people: ProvenancePeople = {}): string {
  const model = [provenance.model, provenance.model_version].filter(Boolean).join(' ');
  const review = REVIEWS.find(([prefix]) => provenance.detail?.startsWith(prefix));
  if (provenance.source === 'human' && review)
    // a person decided on the AI's value: no confidence flag, the person's word stands
    return [
      `${review[1]} by a person`,
      model,
      provenance.actor && (people.actor ?? actorLabel(provenance.actor)),
    ]
      .filter(Boolean)
      .join(' · ');
  const parts: string[] = [NAMES[provenance.source]];
  if (model) parts.push(model);
  if (provenance.confidence != null)
    parts.push(`${Math.round(provenance.confidence * 100)}% confident`);
  const undoneBy = people.undo?.by ?? people.actor;
  if (provenance.detail && UNDO_NOTE.test(provenance.detail))
    parts.push(undoneBy ? `undone by ${undoneBy}` : 'restored by an undo');
  else if (provenance.detail) parts.push(provenance.detail);
  else if (provenance.actor) parts.push(people.actor ?? actorLabel(provenance.actor));
  return parts.join(' · ');
}

export function ProvenanceBadge({
  provenance,
  people,
}: {
  provenance: Provenance | undefined;
  people?: ProvenancePeople;
}) {
  if (!provenance) return <span className="text-xs text-slate-400">not set</span>;
  const text = describeProvenance(provenance, people);
  const className = `inline-block max-w-full truncate rounded px-1.5 py-0.5 text-xs ${TONES[provenance.source]}`;
  const undo = provenance.detail && UNDO_NOTE.test(provenance.detail) ? people?.undo : null;
  if (undo?.href)
    return (
      <a href={undo.href} className={`${className} underline`} title={`${text}: see the change`}>
        {text}
      </a>
    );
  return (
    <span className={className} title={text}>
      {text}
    </span>
  );
}

/** The lowest confidence among a track's AI-set values (null when no value came from AI). */
export function lowestAiConfidence(provenance: Record<string, Provenance>): number | null {
  let lowest: number | null = null;
  for (const entry of Object.values(provenance)) {
    if (entry.source === 'ai' && entry.confidence != null)
      lowest = lowest === null ? entry.confidence : Math.min(lowest, entry.confidence);
  }
  return lowest;
}
