'use client';

import { useState, type FormEvent } from 'react';
import { z } from 'zod';

import { Button } from '@/components/ui/button';
import { errorText } from '@/lib/problem';

import { useCreateReleaseFromTracks } from '../api/create-release-from-tracks';
import { RELEASE_FIELD_RULES, RELEASE_TYPES } from '../lib/release-fields';

const NewReleaseSchema = z.object({
  title: RELEASE_FIELD_RULES.title,
  release_type: RELEASE_FIELD_RULES.release_type,
});

/** The usual type for so many tracks (stores' rule of thumb: 1-3 Single, 4-6 EP, more Album). */
function typeForTrackCount(count: number): string {
  if (count <= 3) return 'Single';
  return count <= 6 ? 'EP' : 'Album';
}

type Props = {
  /** the selected tracks, in the order they will be numbered */
  trackIds: readonly string[];
  onCreated: (releaseId: string) => void;
};

/** "Create release from selected tracks": a title and a type; the tracks go on disc 1 in order. */
export function CreateReleaseFromTracks({ trackIds, onCreated }: Props) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [releaseType, setReleaseType] = useState('Single');
  const [error, setError] = useState<{ field: string; text: string } | null>(null);
  const create = useCreateReleaseFromTracks();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = NewReleaseSchema.safeParse({ title, release_type: releaseType });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError({ field: String(issue?.path[0] ?? 'title'), text: issue?.message ?? 'invalid' });
      return;
    }
    try {
      const built = await create.mutateAsync({ ...parsed.data, track_ids: [...trackIds] });
      setOpen(false);
      onCreated(built.release.id);
    } catch (failure) {
      setError({ field: 'title', text: errorText(failure) });
    }
  }

  if (trackIds.length === 0) return null;
  if (!open)
    return (
      <Button
        onClick={() => {
          setReleaseType(typeForTrackCount(trackIds.length));
          setOpen(true);
        }}
      >
        Create release from {trackIds.length} selected track{trackIds.length === 1 ? '' : 's'}
      </Button>
    );
  const fieldError = (field: string) =>
    error?.field === field ? (
      <p role="alert" id={`new-release-${field}-error`} className="text-xs text-red-800">
        {error.text}
      </p>
    ) : null;
  return (
    <form
      onSubmit={submit}
      aria-label="New release from the selected tracks"
      className="flex flex-wrap items-start gap-3 rounded border border-slate-200 bg-white p-3"
    >
      <div className="flex flex-col text-xs font-medium text-slate-600">
        <label htmlFor="new-release-title">Release title</label>
        <input
          id="new-release-title"
          value={title}
          aria-invalid={error?.field === 'title' ? true : undefined}
          aria-describedby={error?.field === 'title' ? 'new-release-title-error' : undefined}
          onChange={(event) => {
            setTitle(event.target.value);
            setError(null);
          }}
          className="w-64 rounded border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-600"
        />
        {fieldError('title')}
      </div>
      <div className="flex flex-col text-xs font-medium text-slate-600">
        <label htmlFor="new-release-type">Type</label>
        <select
          id="new-release-type"
          value={releaseType}
          onChange={(event) => setReleaseType(event.target.value)}
          className="rounded border border-slate-300 px-2 py-1 text-sm"
        >
          {RELEASE_TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
        {fieldError('release_type')}
      </div>
      <div className="flex gap-2 self-end">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Create release
        </Button>
        <Button onClick={() => setOpen(false)}>Cancel</Button>
      </div>
    </form>
  );
}
