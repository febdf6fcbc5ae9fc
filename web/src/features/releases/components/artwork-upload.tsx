'use client';

import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { errorText } from '@/lib/problem';

import { useReplaceArtwork } from '../api/replace-artwork';
import { checkArtwork, type SpecCheck } from '../lib/artwork-spec';
import { readImageSize } from '../lib/image-size';

type Candidate = { file: File; checks: SpecCheck[]; readable: boolean };

/** Pick a new front cover: its spec check is shown before anything is sent; a file that is not
 * a JPEG or PNG the browser can read is refused beside the picker. */
export function ArtworkUpload({ releaseId }: { releaseId: string }) {
  const [candidate, setCandidate] = useState<Candidate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const replace = useReplaceArtwork(releaseId);

  async function choose(file: File | undefined) {
    setError(null);
    setCandidate(null);
    if (!file) return;
    const size = await readImageSize(file);
    const checks = checkArtwork({ mime_type: file.type, size_bytes: file.size, ...size });
    const readable = size !== null && checks[0]?.ok === true;
    if (!readable) setError(`${file.name}: is not a JPEG or PNG image (a front cover must be one)`);
    setCandidate({ file, checks, readable });
  }

  async function save() {
    if (!candidate?.readable) return;
    try {
      await replace.mutateAsync(candidate.file);
      setCandidate(null);
    } catch (failure) {
      setError(errorText(failure));
    }
  }

  const passed = candidate?.checks.every((check) => check.ok) ?? false;
  return (
    <div className="flex flex-col gap-2 text-sm">
      <label className="flex flex-col gap-1 font-medium text-slate-600">
        New front cover
        <input
          type="file"
          accept="image/jpeg,image/png"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'artwork-upload-error' : undefined}
          onChange={(event) => void choose(event.target.files?.[0])}
        />
      </label>
      {error && (
        <p id="artwork-upload-error" role="alert" className="text-xs text-red-800">
          {error}
        </p>
      )}
      {candidate?.readable && (
        <div className="flex flex-col gap-1" aria-label="The new cover's spec check">
          <p className={passed ? 'text-emerald-800' : 'text-amber-800'}>
            {passed
              ? 'The new cover meets the spec.'
              : 'The new cover does not meet the spec: stores will refuse it.'}
          </p>
          <ul>
            {candidate.checks.map((check) => (
              <li key={check.rule}>
                {check.ok ? '✓' : '✗'} {check.rule}: {check.detail}
              </li>
            ))}
          </ul>
          <div className="flex gap-2">
            <Button variant="primary" size="sm" disabled={replace.isPending} onClick={save}>
              Save as the front cover
            </Button>
            <Button size="sm" onClick={() => setCandidate(null)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
