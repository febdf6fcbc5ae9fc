import { findAndReplace, scaleBpm, setField } from '../lib/bulk-operations';

const tracks = [
  { id: 't1', title: 'Night Drive (Radio Edit)', genre: 'House', bpm: 124 },
  { id: 't2', title: 'Morning (radio edit)', genre: 'Techno', bpm: 250 },
  { id: 't3', title: 'Interlude', genre: 'House', bpm: null },
];

test('setting a field sends only the tracks it changes', () => {
  expect(setField(tracks, 'genre', 'House')).toEqual([{ id: 't2', changes: { genre: 'House' } }]);
});

test('find and replace ignores case unless asked, and empties become null', () => {
  expect(findAndReplace(tracks, 'title', ' (radio edit)', '')).toEqual([
    { id: 't1', changes: { title: 'Night Drive' } },
    { id: 't2', changes: { title: 'Morning' } },
  ]);
  expect(findAndReplace(tracks, 'title', '(Radio Edit)', '', { caseSensitive: true })).toHaveLength(
    1,
  );
  expect(findAndReplace(tracks, 'genre', 'House', '')).toEqual([
    { id: 't1', changes: { genre: null } },
    { id: 't3', changes: { genre: null } },
  ]);
});

test('find and replace treats the search text literally', () => {
  expect(
    findAndReplace(
      [
        { id: 'x', title: 'a.b' },
        { id: 'y', title: 'axb' },
      ],
      'title',
      '.',
      '-',
    ),
  ).toEqual([{ id: 'x', changes: { title: 'a-b' } }]);
});

test('doubling BPM skips tracks without a tempo or that would leave 20-400', () => {
  expect(scaleBpm(tracks, 'double')).toEqual({
    items: [{ id: 't1', changes: { bpm: 248 } }],
    skipped: 2,
  });
  expect(scaleBpm(tracks, 'halve').items).toEqual([
    { id: 't1', changes: { bpm: 62 } },
    { id: 't2', changes: { bpm: 125 } },
  ]);
});
