import type { Artwork } from '../api/release-schemas';

// Front-cover rules the stores share (Apple Music's are the strictest of the big ones: at least
// 3000 x 3000 px, square, RGB JPEG or PNG); the server's delivery checks have the last word.
export const ARTWORK_MIN_PX = 3000;
export const ARTWORK_MAX_BYTES = 36 * 1024 * 1024;
const FORMATS = new Set(['image/jpeg', 'image/png']);

export type SpecCheck = { rule: string; ok: boolean; detail: string };

/** The facts the rules read: what the API answers, or what is known of a file about to go up. */
export type ArtworkFacts = Partial<Omit<Artwork, 'url'>>;

export function checkArtwork(artwork: ArtworkFacts | null | undefined): SpecCheck[] {
  if (!artwork)
    return [
      { rule: 'Front cover', ok: false, detail: 'no artwork: every store needs a front cover' },
    ];
  const { width, height, mime_type: mime, size_bytes: size } = artwork;
  const checks: SpecCheck[] = [
    {
      rule: 'Format',
      ok: mime != null && FORMATS.has(mime),
      detail: mime ? `${mime} (JPEG or PNG needed)` : 'unknown format',
    },
  ];
  if (width != null && height != null) {
    checks.push({ rule: 'Square', ok: width === height, detail: `${width} × ${height} px` });
    checks.push({
      rule: 'Size in pixels',
      ok: Math.min(width, height) >= ARTWORK_MIN_PX,
      detail: `${Math.min(width, height)} px on the short side (${ARTWORK_MIN_PX} needed)`,
    });
  } else {
    checks.push({ rule: 'Size in pixels', ok: false, detail: 'dimensions unknown' });
  }
  if (size != null) {
    checks.push({
      rule: 'File size',
      ok: size <= ARTWORK_MAX_BYTES,
      detail: `${(size / 1024 / 1024).toFixed(1)} MB (36 MB at most)`,
    });
  }
  return checks;
}
