'use client';

import Link from 'next/link';
import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { errorText } from '@/lib/problem';
import { followPageHost } from '@/lib/transfer-file';

import { useDdexStores } from '../api/ddex-stores';
import {
  refusedFindings,
  useDeliver,
  useDeliveryDownload,
  useReleaseDeliveries,
  type Delivery,
  type Finding,
} from '../api/deliveries';

const PAGES: Record<string, string> = { track: '/track/', release: '/release/', work: '/track/' };
const SETTINGS: Record<string, string> = { 'ddex.dpid': '/settings#ddex-parties' };

/** Where a finding's field is edited (as the validation panel links it). */
function hrefOf(finding: Finding): string | null {
  const setting = finding.rule ? SETTINGS[finding.rule] : undefined;
  if (setting) return setting;
  const page = finding.target?.id ? PAGES[finding.target.entity] : undefined;
  if (!page || !finding.target?.id) return null;
  const anchor = finding.target.field ? `#field-${finding.target.field}` : '';
  return `${page}?id=${encodeURIComponent(finding.target.id)}${anchor}`;
}

/** 0..1 of the files written, or null while unknown. */
function fractionOf(job: Delivery): number | null {
  const percent = job.progress?.percent;
  return percent == null ? null : percent / 100;
}

const DPID = /^PADPIDA[0-9A-Z]{10,11}$/;

type ErnVersion = '4.3' | '3.8.2';
type Layout = 'zip' | 'folder';

/** Deliver the release to a store: its ERN 4.3 (or 3.8.2) message, audio and cover, as a zip or
 * also as a folder in the exports bucket. The store is one of the DDEX settings' (else its
 * default) or a DPID typed here. A release that would not deliver is refused with its blocking
 * findings, each a link to the field. */
export function DeliverRelease({ releaseId }: { releaseId: string }) {
  const [storeDpid, setStoreDpid] = useState('');
  const [storeName, setStoreName] = useState('');
  const [store, setStore] = useState('');
  const [version, setVersion] = useState<ErnVersion>('4.3');
  const [layout, setLayout] = useState<Layout>('zip');
  const stores = useDdexStores();
  const [invalid, setInvalid] = useState<string | null>(null);
  const deliver = useDeliver(releaseId);
  const deliveries = useReleaseDeliveries(releaseId);
  const findings = refusedFindings(deliver.error);
  return (
    <section aria-labelledby="deliver-heading" className="flex flex-col gap-3">
      <h2 id="deliver-heading" className="text-lg font-semibold">
        Deliver
      </h2>
      <form
        aria-label="Deliver the release"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          const dpid = storeDpid.trim();
          if (dpid && !DPID.test(dpid)) {
            setInvalid('A store DPID looks like PADPIDA2009101501Y');
            return;
          }
          setInvalid(null);
          deliver.mutate({
            store: store || undefined,
            recipient_dpid: dpid || undefined,
            recipient_name: storeName.trim() || undefined,
            ern_version: version === '4.3' ? undefined : version,
            layout: layout === 'zip' ? undefined : layout,
          });
        }}
      >
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Store
          <select
            value={store}
            onChange={(event) => setStore(event.target.value)}
            className="mt-1 rounded border border-slate-300 px-2 py-1 text-sm"
          >
            <option value="">The default store</option>
            {(stores.data ?? []).map((choice) => (
              <option key={choice.name} value={choice.name}>
                {choice.name} ({choice.dpid})
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Store DPID
          <input
            value={storeDpid}
            onChange={(event) => setStoreDpid(event.target.value)}
            placeholder="the settings' recipient"
            aria-invalid={invalid ? true : undefined}
            className="mt-1 rounded border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Store name
          <input
            value={storeName}
            onChange={(event) => setStoreName(event.target.value)}
            className="mt-1 rounded border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-600">
          ERN version
          <select
            value={version}
            onChange={(event) => setVersion(event.target.value as ErnVersion)}
            className="mt-1 rounded border border-slate-300 px-2 py-1 text-sm"
          >
            <option value="4.3">4.3</option>
            <option value="3.8.2">3.8.2</option>
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Package
          <select
            value={layout}
            onChange={(event) => setLayout(event.target.value as Layout)}
            className="mt-1 rounded border border-slate-300 px-2 py-1 text-sm"
          >
            <option value="zip">Zip</option>
            <option value="folder">Zip and a folder in the exports bucket</option>
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={deliver.isPending}>
          {deliver.isPending ? 'Checking…' : 'Deliver'}
        </Button>
      </form>
      {invalid && (
        <p role="alert" className="text-sm text-red-800">
          {invalid}
        </p>
      )}
      {deliver.isError && (
        <div role="alert" className="flex flex-col gap-1 text-sm text-red-800">
          <p>{errorText(deliver.error)}</p>
          {findings.length > 0 && (
            <ul aria-label="Why it cannot be delivered" className="list-disc pl-5">
              {findings.map((finding, index) => {
                const href = hrefOf(finding);
                return (
                  <li key={`${finding.rule ?? ''}-${index}`}>
                    {href ? <Link href={href}>{finding.message}</Link> : finding.message}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
      <ul aria-label="Delivery packages" className="flex flex-col gap-2">
        {(deliveries.data?.deliveries ?? []).map((job) => (
          <li key={job.id}>
            <DeliveryRow job={job} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function DeliveryRow({ job }: { job: Delivery }) {
  const download = useDeliveryDownload(job.id, job.state === 'succeeded');
  const url = download.data;
  // the store as it was asked for: typed, picked from the settings' stores, or by its DPID
  const recipient = (job.request?.recipient_name ??
    job.request?.store ??
    job.request?.recipient_dpid ??
    null) as string | null;
  const noun = `delivery${recipient ? ` to ${recipient}` : ''}`;
  return (
    <div
      className="flex flex-col gap-1 rounded border border-slate-200 bg-white p-2 text-sm"
      data-state={job.state}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium first-letter:uppercase">{noun}</span>
        <span className="text-xs text-slate-600">{job.state}</span>
        {url && (
          <a
            href={followPageHost(url)}
            download={job.file_name ?? undefined}
            className="ml-auto rounded bg-emerald-700 px-2 py-1 text-xs font-medium text-white hover:bg-emerald-800"
          >
            Download {job.file_name ?? 'the package'}
          </a>
        )}
      </div>
      {(job.state === 'queued' || job.state === 'running') && (
        <ProgressBar value={fractionOf(job)} label={`Progress of the ${noun}`} />
      )}
      {job.folder && (
        <p className="text-xs [overflow-wrap:anywhere] text-slate-600">
          Folder in the exports bucket: {job.folder}/
        </p>
      )}
      {job.failure && <p className="text-xs text-red-800">{job.failure}</p>}
    </div>
  );
}
