import { describeProvenance, lowestAiConfidence } from '../provenance-badge';

const at = '2026-12-06T10:00:00Z';

test('an AI value a person accepted reads as reviewed, with no confidence flag', () => {
  const reviewed = {
    source: 'human' as const,
    at,
    model: 'catalog-tempo',
    model_version: '2',
    confidence: 0.64,
    detail: 'accepted AI estimate 7f3a',
  };
  const guessed = { source: 'ai' as const, at, model: 'musicnn', confidence: 0.41 };

  expect(describeProvenance(reviewed)).toBe('AI value reviewed by a person · catalog-tempo 2');
  expect(describeProvenance(guessed)).toBe('AI · musicnn · 41% confident');
  expect(lowestAiConfidence({ bpm: reviewed })).toBeNull();
  expect(lowestAiConfidence({ bpm: reviewed, genre: guessed })).toBe(0.41);
});

test('a rejected AI value reads as a person rejecting it', () => {
  expect(
    describeProvenance({
      source: 'human',
      at,
      model: 'musicnn',
      model_version: '0.1.0',
      detail: 'rejected AI estimate 7f3a',
    }),
  ).toBe('AI value rejected by a person · musicnn 0.1.0');
});
