import { parseFieldText } from '@/lib/field-rules';

test.each([
  ['isrc', 'us-rc1-76-07839', 'USRC17607839'],
  ['isrc', '', null],
  ['bpm', '128,5', 128.5],
  ['key', 'F# minor', 'F# minor'],
  ['key', '8A', '8A'],
  ['explicit', 'Yes', true],
  ['moods', 'calm, dark ,', ['calm', 'dark']],
  ['track_number', '3', 3],
  ['genre', '  ', null],
] as const)('%s accepts %p as %p', (field, text, value) => {
  expect(parseFieldText(field, text)).toEqual({ ok: true, value });
});

test.each([
  ['isrc', 'USRC1', 'ISRC: is not an ISRC'],
  ['bpm', '900', 'BPM: must be between 20 and 400 BPM'],
  ['bpm', 'fast', 'BPM: is not a number'],
  ['key', 'H major', 'Key: is not a key'],
  ['title', '   ', 'Title: a track needs a title'],
  ['track_number', '0', 'Track no.: positions start at 1'],
  ['language', 'english', 'Language: must be an ISO 639 code'],
] as const)('%s refuses %p with a message naming the field', (field, text, message) => {
  const parsed = parseFieldText(field, text);

  expect(parsed.ok).toBe(false);
  expect(parsed.ok ? '' : parsed.error).toContain(message);
});

test('vocals and vocal gender take their words only', () => {
  expect(parseFieldText('vocals', ' Instrumental ')).toEqual({ ok: true, value: 'instrumental' });
  expect(parseFieldText('vocal_gender', '')).toEqual({ ok: true, value: null });
  expect(parseFieldText('vocal_gender', 'choir')).toEqual({
    ok: false,
    error: 'Vocal gender: answer female, male, mixed (or leave empty)',
  });
});

test('the preview start takes seconds or minutes:seconds', () => {
  expect(parseFieldText('preview_start_s', '42.54')).toEqual({ ok: true, value: 42.5 });
  expect(parseFieldText('preview_start_s', '1:23')).toEqual({ ok: true, value: 83 });
  expect(parseFieldText('preview_start_s', '')).toEqual({ ok: true, value: null });
  expect(parseFieldText('preview_start_s', '-4')).toEqual({
    ok: false,
    error: 'Preview start (s): must be between 0 and 24 hours',
  });
  expect(parseFieldText('preview_start_s', 'chorus').ok).toBe(false);
});
