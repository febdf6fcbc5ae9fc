import { parseContributors } from '../lib/contributors';

test('splits that add up to 100 are accepted and numbered in order', () => {
  const parsed = parseContributors([
    { name: 'Alma', role: 'MainArtist', share: '60' },
    { name: 'Ben', role: 'StudioProducer', share: '40' },
  ]);

  expect(parsed).toEqual({
    ok: true,
    contributors: [
      { name: 'Alma', role: 'MainArtist', share: 60, sequence: 1 },
      { name: 'Ben', role: 'StudioProducer', share: 40, sequence: 2 },
    ],
  });
});

test('no shares at all is fine', () => {
  expect(parseContributors([{ name: 'Alma', role: 'MainArtist', share: '' }]).ok).toBe(true);
});

test.each([
  [
    [
      { name: 'A', role: 'MainArtist', share: '60' },
      { name: 'B', role: 'Remixer', share: '30' },
    ],
    'shares add up to 90%: they must add up to 100%',
  ],
  [
    [
      { name: 'A', role: 'MainArtist', share: '60' },
      { name: 'B', role: 'Remixer', share: '' },
    ],
    'give every contributor a share, or none',
  ],
  [[{ name: '', role: 'MainArtist', share: '' }], 'row 1: needs a name'],
  [
    [{ name: 'A', role: 'MainArtist', share: '120' }],
    'row 1: share must be a percentage between 0 and 100',
  ],
])('problems are named: %#', (rows, message) => {
  const parsed = parseContributors(rows);

  expect(parsed.ok ? [] : parsed.errors).toContain(message);
});
