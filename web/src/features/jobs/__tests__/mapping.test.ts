import { initialMapping, mappingProblems } from '../lib/mapping';

const preview = {
  columns: ['Track Title', 'ISRC', 'Artist', 'Notes'],
  sample_rows: [],
  mapping: { Artist: 'display_artist' },
  fields: ['title', 'isrc', 'display_artist', 'genre'],
};

test('the server guess wins, then columns named like a field, else skipped', () => {
  expect(initialMapping(preview)).toEqual({
    'Track Title': null,
    ISRC: 'isrc',
    Artist: 'display_artist',
    Notes: null,
  });
});

test('a field fed by two columns, or no title, is a problem', () => {
  expect(mappingProblems({ A: 'isrc', B: 'isrc' })).toEqual([
    'columns “A” and “B” both fill isrc',
    'no column fills title',
  ]);
  expect(mappingProblems({ A: 'title', B: 'isrc' })).toEqual([]);
});
