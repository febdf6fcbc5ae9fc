'use client';

import Link from 'next/link';
import { useState } from 'react';

import { BarChart } from '@/components/ui/bar-chart';
import { Spinner } from '@/components/ui/spinner';
import { errorText } from '@/lib/problem';

import { useDashboard, type Dashboard as DashboardData } from '../api/get-dashboard';
import { DeadLetterList } from './dead-letter-list';

const WINDOWS = [1, 7, 30];

/** Catalog counts, AI confidence, processing times by priority and dead letters, as charts. */
export function Dashboard() {
  const [days, setDays] = useState(7);
  const dashboard = useDashboard(days);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <label className="ml-auto flex items-center gap-2 text-sm">
          Last
          <select
            aria-label="Window"
            value={days}
            onChange={(event) => setDays(Number(event.target.value))}
            className="rounded border border-slate-300 px-2 py-1"
          >
            {WINDOWS.map((value) => (
              <option key={value} value={value}>
                {value === 1 ? '24 hours' : `${value} days`}
              </option>
            ))}
          </select>
        </label>
      </div>
      {dashboard.isPending && <Spinner label="Loading the dashboard" />}
      {dashboard.isError && (
        <p role="alert" className="text-sm text-red-800">
          {errorText(dashboard.error)}
        </p>
      )}
      {dashboard.data && <Charts data={dashboard.data} />}
    </div>
  );
}

function Panel({ children }: { children: React.ReactNode }) {
  return <div className="rounded border border-slate-200 bg-white p-4">{children}</div>;
}

export function Charts({ data }: { data: DashboardData }) {
  const {
    counts,
    confidence_histogram: histogram,
    processing_times: timings,
    dead_letters: dlq,
    validation,
  } = data;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Panel>
        <BarChart
          title="Catalog"
          bars={[
            { label: 'Tracks', value: counts.tracks },
            { label: 'Releases', value: counts.releases },
            { label: 'Works', value: counts.works },
          ]}
        />
      </Panel>
      <Panel>
        <BarChart
          title="AI confidence of estimates"
          color="#7c3aed"
          bars={histogram.map((bucket) => ({
            label: `${Math.round(bucket.low * 100)}`,
            value: bucket.count,
            detail: `${Math.round(bucket.low * 100)}–${Math.round(bucket.high * 100)}%`,
          }))}
        />
        <p className="text-xs text-slate-500">
          Model calls by confidence (%); below 80 the fallback model is asked and the value waits
          for review.
        </p>
      </Panel>
      <Panel>
        <BarChart
          title="Processing time by priority (p95, seconds)"
          color="#0f766e"
          bars={timings.flatMap((timing) => [
            {
              label: `${timing.priority} queue`,
              value: (timing.queue_p95_ms ?? 0) / 1000,
              detail: `${timing.count} jobs, p50 ${((timing.queue_p50_ms ?? 0) / 1000).toFixed(2)} s`,
            },
            {
              label: `${timing.priority} run`,
              value: (timing.processing_p95_ms ?? 0) / 1000,
              detail: `${timing.count} jobs, p50 ${((timing.processing_p50_ms ?? 0) / 1000).toFixed(2)} s`,
            },
          ])}
        />
      </Panel>
      <Panel>
        <BarChart
          title={`Dead letters open: ${dlq.open}`}
          color="#b91c1c"
          bars={dlq.by_topic.map((item) => ({ label: item.topic, value: item.count }))}
        />
        <p className="text-xs text-slate-500">
          {dlq.open > 0 && `Oldest waiting ${Math.round(dlq.oldest_age_s / 60)} minutes. `}A dead
          letter is a job that failed three times and was set aside. A track whose analysis was set
          aside says &ldquo;Analysis failed&rdquo; on its page, with Re-analyse; operators list them
          with <code>catalog dlq list</code>.
        </p>
        <DeadLetterList open={dlq.open} />
      </Panel>
      <Panel>
        <BarChart
          title="Releases by last validation (DDEX and CWR)"
          color="#b45309"
          bars={[
            { label: 'Valid', value: validation.valid },
            { label: 'Failed', value: validation.failed },
            { label: 'Not yet checked', value: validation.unchecked },
          ]}
        />
        <p className="text-xs text-slate-500">
          {validation.pending > 0
            ? `${validation.pending} release(s) changed since their last check; re-checked within minutes. `
            : 'Every release is checked after each change. '}
          {validation.failed > 0 && (
            <Link
              href="/catalog/?view=releases&validation=failed"
              className="font-medium text-indigo-700 underline"
            >
              Show the {validation.failed} failed release(s)
            </Link>
          )}
        </p>
      </Panel>
    </div>
  );
}
