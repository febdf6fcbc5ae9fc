import { checkArtwork } from '../lib/artwork-spec';

test('a square 3000 px JPEG meets the spec', () => {
  const checks = checkArtwork({
    mime_type: 'image/jpeg',
    width: 3000,
    height: 3000,
    size_bytes: 4_000_000,
  });

  expect(checks.every((check) => check.ok)).toBe(true);
});

test('a small, oblong GIF fails on format, shape and size, each said', () => {
  const failed = checkArtwork({ mime_type: 'image/gif', width: 1400, height: 1000 }).filter(
    (check) => !check.ok,
  );

  expect(failed.map((check) => check.rule)).toEqual(['Format', 'Square', 'Size in pixels']);
  expect(failed[2]?.detail).toBe('1000 px on the short side (3000 needed)');
});

test('no artwork at all is a failure', () => {
  expect(checkArtwork(null)).toEqual([
    { rule: 'Front cover', ok: false, detail: 'no artwork: every store needs a front cover' },
  ]);
});
