'use client';

import { Spinner } from '@/components/ui/spinner';
import { errorText } from '@/lib/problem';

import { useRelease } from '../api/get-release';
import { ReleaseArtwork } from './artwork-check';

const FIELDS: [string, string][] = [
  ['title', 'Title'],
  ['version_title', 'Version'],
  ['display_artist', 'Artist'],
  ['release_type', 'Type'],
  ['upc', 'UPC'],
  ['grid', 'GRid'],
  ['catalog_number', 'Catalog number'],
  ['label_name', 'Label'],
  ['release_date', 'Release date'],
  ['genre', 'Genre'],
  ['parental_advisory', 'Parental advisory'],
];

export function ReleaseDetail({ releaseId }: { releaseId: string }) {
  const { data: release, error, isPending } = useRelease(releaseId);
  if (isPending) return <Spinner label="Loading the release" />;
  if (!release) return <p role="alert">{errorText(error)}</p>;
  const record = release as Record<string, unknown>;
  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      <section aria-labelledby="release-heading">
        <h1 id="release-heading" className="text-2xl font-semibold">
          {release.title}
        </h1>
        <dl className="mt-3 grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
          {FIELDS.map(([field, label]) => (
            <div key={field} id={`field-${field}`} className="contents target:bg-yellow-100">
              <dt className="font-medium text-slate-600">{label}</dt>
              <dd tabIndex={-1}>
                {record[field] == null || record[field] === '' ? '—' : String(record[field])}
              </dd>
            </div>
          ))}
          <div className="contents">
            <dt className="font-medium text-slate-600">Territories</dt>
            <dd>{release.territories.join(', ') || '—'}</dd>
          </div>
        </dl>
      </section>
      <ReleaseArtwork releaseId={release.id} />
    </div>
  );
}
