import { z } from 'zod';

import type { Deal } from '../api/release-schemas';
import { RELEASE_FIELD_RULES } from './release-fields';

// What a label offers a store, in the stores' words, and the DDEX codes each one means
// (ERN 4.3 CommercialModelType + UseType). One offer is one deal.
export const OFFERS = [
  {
    id: 'streaming-premium',
    label: 'Streaming, subscription (premium)',
    commercial_models: ['SubscriptionModel'],
    use_types: ['OnDemandStream', 'NonInteractiveStream'],
  },
  {
    id: 'streaming-free',
    label: 'Streaming, free with ads',
    commercial_models: ['AdvertisementSupportedModel'],
    use_types: ['OnDemandStream', 'NonInteractiveStream'],
  },
  {
    id: 'download',
    label: 'Download to own (sale)',
    commercial_models: ['PayAsYouGoModel'],
    use_types: ['PermanentDownload'],
  },
] as const;

export type OfferId = (typeof OFFERS)[number]['id'];

/** The one offer a pre-order belongs to: a sale (ERN 4.3 IsPreOrderDeal on PayAsYouGoModel). */
export const PREORDER_OFFER: OfferId = 'download';

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((item, index) => item === [...b].sort()[index]);

/** A deal as a label says it ("Streaming, free with ads"), or its DDEX codes when no offer fits. */
export function describeDeal(deal: Pick<Deal, 'commercial_models' | 'use_types'>): string {
  const offer = OFFERS.find(
    (o) => same(o.commercial_models, deal.commercial_models) && same(o.use_types, deal.use_types),
  );
  return offer?.label ?? `${deal.commercial_models.join(', ')} · ${deal.use_types.join(', ')}`;
}

const requiredDate = RELEASE_FIELD_RULES.release_date.refine((value) => value !== null, {
  message: 'is required',
});

/** What the "add a deal" form sends, checked before it is (the server checks again). */
export const NewDealSchema = z
  .object({
    offers: z.array(z.string()).min(1, 'choose at least one way to sell or stream it'),
    territories: RELEASE_FIELD_RULES.territories.refine((codes) => codes.length > 0, {
      message: 'name at least one territory, or "Worldwide"',
    }),
    excluded_territories: RELEASE_FIELD_RULES.territories,
    start_date: requiredDate,
    end_date: RELEASE_FIELD_RULES.release_date,
    preorder_start_date: RELEASE_FIELD_RULES.release_date,
    instant_grat_track_ids: z.array(z.string()),
  })
  .refine((deal) => !deal.end_date || !deal.start_date || deal.end_date >= deal.start_date, {
    message: 'is before the start date',
    path: ['end_date'],
  })
  // the server's rules (shared/domain/deals.py), said in the stores' words
  .refine(
    (deal) =>
      !deal.preorder_start_date || !deal.start_date || deal.preorder_start_date < deal.start_date,
    { message: 'must be before the day it goes on sale', path: ['preorder_start_date'] },
  )
  .refine((deal) => !deal.preorder_start_date || deal.offers.includes(PREORDER_OFFER), {
    message: 'pre-orders are sales: also choose "Download to own (sale)"',
    path: ['preorder_start_date'],
  })
  .refine((deal) => deal.instant_grat_track_ids.length === 0 || deal.preorder_start_date, {
    message: 'instant tracks need a pre-order date',
    path: ['instant_grat_track_ids'],
  });

export type NewDeal = z.output<typeof NewDealSchema>;

/** One API body per offer chosen. */
export function dealBodies(releaseId: string, deal: NewDeal) {
  return OFFERS.filter((offer) => deal.offers.includes(offer.id)).map((offer) => ({
    release_id: releaseId,
    commercial_models: [...offer.commercial_models],
    use_types: [...offer.use_types],
    territories: deal.territories,
    excluded_territories: deal.excluded_territories,
    start_date: deal.start_date as string,
    end_date: deal.end_date,
    preorder_start_date: offer.id === PREORDER_OFFER ? deal.preorder_start_date : null,
    instant_grat_track_ids: offer.id === PREORDER_OFFER ? deal.instant_grat_track_ids : [],
  }));
}
