'use client';

import { Button } from '@/components/ui/button';
import { errorText } from '@/lib/problem';

import { type TrackAnalysis, useReanalyseTrack, useTrackAnalysis } from '../api/track-analysis';

const IN_WORDS: Record<Exclude<TrackAnalysis['state'], 'none'>, string> = {
  queued: 'Waiting in the analysis queue…',
  running: 'Being analysed…',
  analysed: 'Analysed.',
  failed: 'Analysis failed.',
};

/** The analysis of the track's audio: a failure in words with "Re-analyse"; progress while busy. */
export function AnalysisStatus({ trackId }: { trackId: string }) {
  const analysis = useTrackAnalysis(trackId);
  const reanalyse = useReanalyseTrack(trackId);
  const current = analysis.data;
  if (!current || current.state === 'none') return null; // no audio, or never queued
  const failed = current.state === 'failed';
  const busy = current.state === 'queued' || current.state === 'running';
  return (
    <section
      aria-labelledby="analysis-heading"
      className={`flex flex-col gap-1 rounded border p-2 text-sm ${failed ? 'border-red-300 bg-red-50' : 'border-slate-200 bg-white'}`}
    >
      <h2 id="analysis-heading" className="font-semibold">
        Analysis
      </h2>
      <p role={busy ? 'status' : undefined}>{IN_WORDS[current.state]}</p>
      {failed && current.error && (
        <p role="alert" className="text-red-900">
          {current.error.message}
        </p>
      )}
      {!busy && (
        <div>
          <Button
            size="sm"
            variant={failed ? 'primary' : 'secondary'}
            disabled={reanalyse.isPending}
            onClick={() => reanalyse.mutate()}
          >
            Re-analyse
          </Button>
        </div>
      )}
      {reanalyse.isError && (
        <p role="alert" className="text-red-800">
          Not queued: {errorText(reanalyse.error)}
        </p>
      )}
    </section>
  );
}
