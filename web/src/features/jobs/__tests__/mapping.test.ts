import { mappingOf, mappingProblems } from '../lib/mapping';

test('every column of the file is listed, the unmapped ones skipped', () => {
  expect(mappingOf({ 'Track Title': 'title', ISRC: 'isrc' }, ['Notes'])).toEqual({
    'Track Title': 'title',
    ISRC: 'isrc',
    Notes: null,
  });
});

test('a field fed by two columns, or a required one fed by none, is a problem', () => {
  expect(mappingProblems({ A: 'isrc', B: 'isrc' }, ['title'])).toEqual([
    'columns “A” and “B” both fill isrc',
    'no column fills title',
  ]);
  expect(mappingProblems({ A: 'title', B: 'isrc' }, ['title'])).toEqual([]);
});
