import type { ApiSchemas } from '@/lib/api-types';

import { describeProvenance, lowestAiConfidence } from '../provenance-badge';

type Provenance = ApiSchemas['ProvenanceOut'];

const provenance = (values: Partial<Provenance> & Pick<Provenance, 'source'>): Provenance => ({
  at: '2026-12-06T10:00:00Z',
  actor: null,
  model: null,
  model_version: null,
  confidence: null,
  detail: null,
  ...values,
});

test('an AI value a person accepted reads as reviewed, with no confidence flag', () => {
  const reviewed = provenance({
    source: 'human',
    model: 'catalog-tempo',
    model_version: '2',
    confidence: 0.64,
    detail: 'accepted AI estimate 7f3a',
  });
  const guessed = provenance({ source: 'ai', model: 'musicnn', confidence: 0.41 });

  expect(describeProvenance(reviewed)).toBe('AI value reviewed by a person · catalog-tempo 2');
  expect(describeProvenance(guessed)).toBe('AI · musicnn · 41% confident');
  expect(lowestAiConfidence({ bpm: reviewed })).toBeNull();
  expect(lowestAiConfidence({ bpm: reviewed, genre: guessed })).toBe(0.41);
});

test('a rejected AI value reads as a person rejecting it', () => {
  const rejected = provenance({
    source: 'human',
    model: 'musicnn',
    model_version: '0.1.0',
    detail: 'rejected AI estimate 7f3a',
  });

  expect(describeProvenance(rejected)).toBe('AI value rejected by a person · musicnn 0.1.0');
});
