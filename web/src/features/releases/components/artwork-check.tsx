'use client';

import { errorText } from '@/lib/problem';

import { useArtwork } from '../api/get-artwork';
import type { Artwork } from '../api/release-schemas';
import { checkArtwork } from '../lib/artwork-spec';
import { ArtworkUpload } from './artwork-upload';

/** The release's cover, fetched, then checked. */
export function ReleaseArtwork({ releaseId }: { releaseId: string }) {
  const artwork = useArtwork(releaseId);
  if (artwork.isPending) return <p className="text-sm text-slate-500">Loading the artwork…</p>;
  if (artwork.isError)
    return (
      <p role="alert" className="text-sm text-red-800">
        {errorText(artwork.error)}
      </p>
    );
  return (
    <div className="flex flex-col gap-4">
      <ArtworkCheck artwork={artwork.data} />
      <ArtworkUpload releaseId={releaseId} />
    </div>
  );
}

export function ArtworkCheck({ artwork }: { artwork: Artwork | null | undefined }) {
  const checks = checkArtwork(artwork);
  const passed = checks.every((check) => check.ok);
  return (
    <section aria-labelledby="artwork-heading" className="flex flex-col gap-2" id="field-artwork">
      <h2 id="artwork-heading" className="font-semibold">
        Artwork{' '}
        <span
          className={`ml-1 rounded px-1.5 text-xs ${passed ? 'bg-emerald-100 text-emerald-900' : 'bg-red-100 text-red-900'}`}
        >
          {passed ? 'meets the spec' : 'does not meet the spec'}
        </span>
      </h2>
      {artwork?.url && (
        <img
          src={artwork.url}
          alt="Front cover"
          className="h-40 w-40 rounded border border-slate-200 object-cover"
        />
      )}
      <ul className="text-sm">
        {checks.map((check) => (
          <li key={check.rule} className="flex gap-2">
            <span aria-hidden className={check.ok ? 'text-emerald-700' : 'text-red-700'}>
              {check.ok ? '✓' : '✗'}
            </span>
            <span className="font-medium">{check.rule}:</span>
            <span>{check.detail}</span>
            <span className="sr-only">{check.ok ? 'passes' : 'fails'}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
