'use client';

import Link from 'next/link';
import { useState } from 'react';

import { Button } from '@/components/ui/button';

import type { Track } from '../api/track-schemas';
import { useUpdateTrack } from '../api/update-track';
import { useWork, useWorkSearch } from '../api/works';
import { NewWorkForm } from './new-work-form';

/** The musical work this recording performs, its writers' shares, and linking another one. */
export function LinkedWork({ track }: { track: Track }) {
  const work = useWork(track.work_id);
  const [q, setQ] = useState('');
  const search = useWorkSearch(q);
  const update = useUpdateTrack();
  const link = (workId: string | null) =>
    update.mutate({ trackId: track.id, changes: { work_id: workId } });

  return (
    <section aria-labelledby="work-heading" className="flex flex-col gap-2" id="field-work_id">
      <h2 id="work-heading" className="font-semibold">
        Linked work
      </h2>
      {track.work_id && work.data ? (
        <div className="text-sm">
          <p>
            <span className="font-medium">{work.data.title}</span>
            {work.data.iswc ? ` · ISWC ${work.data.iswc}` : ' · no ISWC yet'}
            {' · '}
            <Link href={`/work/?id=${work.data.id}`} className="text-indigo-800 underline">
              Edit writers, publishers and shares
            </Link>
          </p>
          <ul className="text-xs text-slate-600">
            {work.data.writers.map((writer, index) => (
              <li key={index}>
                {writer.name ?? 'writer'} ({writer.role ?? '—'}) PR {writer.pr_share ?? 0}% · MR{' '}
                {writer.mr_share ?? 0}%
              </li>
            ))}
          </ul>
          <Button size="sm" variant="ghost" onClick={() => link(null)}>
            Unlink
          </Button>
        </div>
      ) : (
        <p className="text-sm text-slate-500">{track.work_id ? 'Loading…' : 'No work linked.'}</p>
      )}
      <NewWorkForm onCreated={(workId) => link(workId)} />
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Find a work to link
        <input
          type="search"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          className="mt-1 rounded border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <ul className="text-sm">
        {(search.data?.items ?? []).map((candidate) => (
          <li key={candidate.id} className="flex items-center gap-2">
            <span>
              {candidate.title}
              {candidate.iswc ? ` (${candidate.iswc})` : ''}
            </span>
            <Button
              size="sm"
              onClick={() => link(candidate.id)}
              disabled={candidate.id === track.work_id}
            >
              Link
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
