'use client';

import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { ApiError, errorText } from '@/lib/problem';

import { useDealEdits, useReleaseDeals } from '../api/deals';
import { useTracklist } from '../api/tracklist';
import type { Deal } from '../api/release-schemas';
import { NewDealSchema, OFFERS, dealBodies, describeDeal } from '../lib/deal-offers';

type Draft = {
  offers: string[];
  territories: string;
  excluded_territories: string;
  start_date: string;
  end_date: string;
  preorder_start_date: string;
  instant_grat_track_ids: string[];
};

const EMPTY: Draft = {
  offers: [],
  territories: 'Worldwide',
  excluded_territories: '',
  start_date: '',
  end_date: '',
  preorder_start_date: '',
  instant_grat_track_ids: [],
};

const LABELS: Record<keyof Draft, string> = {
  offers: 'Sell or stream as',
  territories: 'Territories',
  excluded_territories: 'Except in',
  start_date: 'From',
  end_date: 'Until (optional)',
  preorder_start_date: 'Pre-order from (optional)',
  instant_grat_track_ids: 'Instant tracks for pre-orders',
};

/** The release's deals in the stores' words, and a form to add some (one deal per offer). */
export function DealsEditor({ releaseId }: { releaseId: string }) {
  const deals = useReleaseDeals(releaseId);
  const { add, remove } = useDealEdits(releaseId);
  const tracklist = useTracklist(releaseId);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<{ field: keyof Draft | null; text: string } | null>(null);

  function change(next: Partial<Draft>) {
    setDraft((current) => ({ ...current, ...next }));
    setError(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = NewDealSchema.safeParse(draft);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = (issue?.path[0] ?? 'offers') as keyof Draft;
      setError({ field, text: `${LABELS[field]}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    try {
      // every body shares the territories and dates: the first refused means none was saved
      await add.mutateAsync(dealBodies(releaseId, parsed.data));
      setDraft(EMPTY);
    } catch (failure) {
      // the server names the field it refused: show it there, in the form's words
      const named = failure instanceof ApiError ? failure.field : null;
      const field = named && named in LABELS ? (named as keyof Draft) : null;
      const text = field ? `${LABELS[field]}: ${(failure as ApiError).detail}` : errorText(failure);
      setError({ field, text });
    }
  }

  const beside = (field: keyof Draft | null) =>
    error && error.field === field ? (
      <p role="alert" className="text-xs text-red-800">
        {error.text}
      </p>
    ) : null;
  const invalid = (field: keyof Draft) => (error?.field === field ? true : undefined);

  return (
    <section
      id="field-deals"
      aria-labelledby="deals-heading"
      className="flex flex-col gap-2 target:bg-yellow-50"
    >
      <h2 id="deals-heading" className="text-lg font-semibold">
        Where and how it is sold
      </h2>
      <DealList
        deals={deals.data?.items ?? []}
        onRemove={(id) => remove.mutate(id)}
        busy={remove.isPending}
      />
      <form
        onSubmit={submit}
        aria-label="Add a deal"
        className="flex flex-col gap-2 rounded border border-slate-200 p-3 text-sm"
      >
        <fieldset aria-invalid={invalid('offers')}>
          <legend className="font-medium text-slate-600">{LABELS.offers}</legend>
          {OFFERS.map((offer) => (
            <label key={offer.id} className="mr-4 inline-flex items-center gap-1">
              <input
                type="checkbox"
                checked={draft.offers.includes(offer.id)}
                onChange={(event) =>
                  change({
                    offers: event.target.checked
                      ? [...draft.offers, offer.id]
                      : draft.offers.filter((id) => id !== offer.id),
                  })
                }
              />
              {offer.label}
            </label>
          ))}
          {beside('offers')}
        </fieldset>
        {(
          [
            'territories',
            'excluded_territories',
            'start_date',
            'end_date',
            'preorder_start_date',
          ] as const
        ).map((field) => (
          <div key={field} className="flex flex-col">
            <label htmlFor={`deal-${field}`} className="font-medium text-slate-600">
              {LABELS[field]}
            </label>
            <input
              id={`deal-${field}`}
              type={field.endsWith('date') ? 'date' : 'text'}
              value={draft[field]}
              aria-invalid={invalid(field)}
              placeholder={field.endsWith('territories') ? 'DE, FR or Worldwide' : undefined}
              onChange={(event) => change({ [field]: event.target.value })}
              className="w-64 rounded border border-slate-300 px-2 py-1 aria-[invalid=true]:border-red-600"
            />
            {beside(field)}
          </div>
        ))}
        {draft.preorder_start_date ? (
          <fieldset aria-invalid={invalid('instant_grat_track_ids')}>
            <legend className="font-medium text-slate-600">{LABELS.instant_grat_track_ids}</legend>
            <p className="text-xs text-slate-500">
              Buyers of the pre-order get these tracks at once; the rest on the release day.
            </p>
            {(tracklist.data?.tracks ?? []).map((track) => (
              <label key={track.track_id} className="mr-4 inline-flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={draft.instant_grat_track_ids.includes(track.track_id)}
                  onChange={(event) =>
                    change({
                      instant_grat_track_ids: event.target.checked
                        ? [...draft.instant_grat_track_ids, track.track_id]
                        : draft.instant_grat_track_ids.filter((id) => id !== track.track_id),
                    })
                  }
                />
                {track.title}
              </label>
            ))}
            {beside('instant_grat_track_ids')}
          </fieldset>
        ) : null}
        {beside(null)}
        <div>
          <Button type="submit" variant="primary" disabled={add.isPending}>
            Add deal
          </Button>
        </div>
      </form>
    </section>
  );
}

const whereOf = (deal: Deal) =>
  `in ${deal.territories.join(', ')}` +
  (deal.excluded_territories.length ? ` except ${deal.excluded_territories.join(', ')}` : '');

const whenOf = (deal: Deal) =>
  `from ${deal.start_date}${deal.end_date ? ` until ${deal.end_date}` : ''}` +
  (deal.preorder_start_date
    ? ` · pre-order from ${deal.preorder_start_date}` +
      (deal.instant_grat_track_ids.length
        ? ` (${deal.instant_grat_track_ids.length} instant track${deal.instant_grat_track_ids.length > 1 ? 's' : ''})`
        : '')
    : '');

function DealList({
  deals,
  onRemove,
  busy,
}: {
  deals: Deal[];
  onRemove: (dealId: string) => void;
  busy: boolean;
}) {
  if (deals.length === 0)
    return <p className="text-sm text-slate-500">No deals yet: no store may sell it.</p>;
  return (
    <ul aria-label="Deals" className="flex flex-col gap-1 text-sm">
      {deals.map((deal) => (
        <li key={deal.id} className="flex items-center gap-2">
          <span className="font-medium">{describeDeal(deal)}</span>
          <span>{whereOf(deal)}</span>
          <span className="text-slate-500">{whenOf(deal)}</span>
          <Button
            size="sm"
            aria-label={`Remove ${describeDeal(deal)}`}
            disabled={busy}
            onClick={() => onRemove(deal.id)}
          >
            Remove
          </Button>
        </li>
      ))}
    </ul>
  );
}
