'use client';

import Link from 'next/link';
import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { errorText } from '@/lib/problem';

import { standardOf, useFindings, type Finding, type Standard } from '../api/get-findings';
import { countBySeverity, hrefOfFinding } from '../lib/finding-links';

const TAB_NAMES = { all: 'All', ddex: 'DDEX ERN 4.3', delivery: 'Store rules', cwr: 'CWR' };

/** DDEX and CWR findings of one release, each a link to the field to fix. */
export function ValidationFindings({ releaseId }: { releaseId: string }) {
  const [standard, setStandard] = useState<Standard | 'all'>('all');
  const report = useFindings(releaseId);
  const all = report.data?.findings ?? [];
  const findings =
    standard === 'all' ? all : all.filter((finding) => standardOf(finding) === standard);
  const counts = countBySeverity(findings);
  return (
    <section aria-labelledby="validation-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="validation-heading" className="text-lg font-semibold">
          Validation
        </h2>
        <div role="tablist" aria-label="Standard" className="flex gap-1">
          {(['all', 'ddex', 'delivery', 'cwr'] as const).map((item) => (
            <button
              key={item}
              role="tab"
              type="button"
              aria-selected={standard === item}
              onClick={() => setStandard(item)}
              className={`rounded px-2 py-1 text-sm ${standard === item ? 'bg-indigo-700 text-white' : 'bg-slate-100'}`}
            >
              {TAB_NAMES[item]} (
              {item === 'all' ? all.length : all.filter((f) => standardOf(f) === item).length})
            </button>
          ))}
        </div>
        <Button size="sm" onClick={() => void report.refetch()} disabled={report.isFetching}>
          {report.isFetching ? 'Checking…' : 'Check again'}
        </Button>
      </div>
      {report.isPending ? (
        <Spinner label="Checking" />
      ) : report.isError ? (
        <p role="alert" className="text-sm text-red-800">
          {errorText(report.error)}
        </p>
      ) : (
        <>
          <p className="text-sm" role="status">
            {findings.length === 0
              ? 'No findings: ready to deliver.'
              : `${counts.blocking} blocking, ${counts.warning} ${counts.warning === 1 ? 'warning' : 'warnings'}`}
          </p>
          <ul className="flex flex-col gap-1">
            {findings.map((finding, index) => (
              <FindingItem key={index} finding={finding} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function FindingItem({ finding }: { finding: Finding }) {
  const href = hrefOfFinding(finding);
  const blocking = finding.severity === 'blocking';
  return (
    <li
      className={`rounded border-l-4 bg-white p-2 text-sm ${blocking ? 'border-red-600' : 'border-amber-500'}`}
    >
      <p>
        <span
          className={`mr-2 rounded px-1 text-xs font-semibold ${blocking ? 'bg-red-100 text-red-900' : 'bg-amber-100 text-amber-900'}`}
        >
          {blocking ? 'blocking' : 'warning'}
        </span>
        {href ? (
          <Link href={href} className="text-indigo-800 underline">
            {finding.message}
          </Link>
        ) : (
          finding.message
        )}
      </p>
      <p className="text-xs [overflow-wrap:anywhere] text-slate-500">
        {[finding.location, finding.rule].filter(Boolean).join(' · ')}
        {finding.hint ? ` — ${finding.hint}` : ''}
      </p>
    </li>
  );
}
