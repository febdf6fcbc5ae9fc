import { describeProvenance } from '@/components/ui/provenance-badge';
import { setSession } from '@/lib/session';

import { formatValue } from '../lib/format';

test('a contributor change reads as names and roles, not [object Object]', () => {
  const credits = [
    { party_id: 'p1', name: 'Nina Sky', role: 'MainArtist', sequence: 1, share: 50 },
    { party_id: 'p2', name: 'Ola', role: 'StudioProducer', sequence: 2, share: null },
  ];

  expect(formatValue(credits)).toBe('Nina Sky (MainArtist, 50 %), Ola (StudioProducer)');
  expect(formatValue({ text: 'Moonbeam Records', year: 2024 })).toBe('2024 Moonbeam Records');
  expect(formatValue([])).toBe('—');
  expect(formatValue(['Calm', 'Dark'])).toBe('Calm, Dark');
  expect(formatValue(true)).toBe('yes');
});

test('a value an undo put back says so instead of quoting the change id', () => {
  const text = describeProvenance({
    source: 'human',
    at: '2026-12-01T10:00:00Z',
    actor: 'anna',
    detail: 'undo of change 5c1c8f7e-4a47-4f0e-9d57-0d6f3f4a1f00',
  } as Parameters<typeof describeProvenance>[0]);

  expect(text).toBe('human · restored by an undo');
});

test("the signed-in user's own edits read 'you', not their user id", () => {
  const claims = btoa(JSON.stringify({ sub: 'user-7', role: 'label' })).replace(/=+$/, '');
  setSession({
    accessToken: `h.${claims}.s`,
    refreshToken: null,
    expiresAt: Date.now() + 60_000,
    email: 'anna@label.example',
    role: 'label',
  });
  const mine = { source: 'human', at: '2026-12-01T10:00:00Z', actor: 'user-7' };
  const theirs = { ...mine, actor: 'user-8' };

  expect(describeProvenance(mine as Parameters<typeof describeProvenance>[0])).toBe('human · you');
  expect(describeProvenance(theirs as Parameters<typeof describeProvenance>[0])).toBe(
    'human · user-8',
  );
  setSession(null);
});
