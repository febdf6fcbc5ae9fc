'use client';

import { useEffect, useRef, useState } from 'react';

import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { errorText } from '@/lib/problem';
import { saveApiFile } from '@/lib/save-file';
import { transferFile } from '@/lib/transfer-file';

import {
  createImport,
  useDeleteImport,
  useImport,
  useImports,
  usePreview,
  useStartImport,
  type ImportMode,
  type Mapping,
  type PersonSetValues,
} from '../api/imports';
import { fractionOf, type ImportJob, type Preview } from '../api/job-schemas';
import { IMPORT_FIELDS, mappingOf, mappingProblems } from '../lib/mapping';

/** Bulk import: send a file, check the column mapping on a live preview, follow its progress. */
export function ImportPanel() {
  const input = useRef<HTMLInputElement>(null);
  const [current, setCurrent] = useState<{ id: string; ready: boolean } | null>(null);
  const [transfer, setTransfer] = useState<{
    name: string;
    progress: number;
    error: string | null;
  } | null>(null);
  const imports = useImports();

  async function send(file: File) {
    setTransfer({ name: file.name, progress: 0, error: null });
    try {
      const job = await createImport(file.name);
      setCurrent({ id: job.id, ready: false });
      if (!job.upload_url) throw new Error('the server gave no URL to send the file to');
      await transferFile(
        file,
        { upload_url: job.upload_url, method: 'PUT', headers: {} },
        {
          onProgress: (progress) => setTransfer({ name: file.name, progress, error: null }),
        },
      );
      setTransfer(null);
      setCurrent({ id: job.id, ready: true });
    } catch (error) {
      setTransfer({ name: file.name, progress: 0, error: errorText(error) });
    }
  }

  const others = (imports.data?.imports ?? []).filter((job) => job.id !== current?.id);
  return (
    <section aria-labelledby="imports-heading" className="flex flex-col gap-3">
      <h2 id="imports-heading" className="text-lg font-semibold">
        Imports
      </h2>
      <p className="text-sm text-slate-600">
        CSV, JSON or JSON lines of tracks and releases, DDEX ERN messages (or a zip of them), CWR
        acknowledgements.
      </p>
      <div>
        <Button variant="primary" onClick={() => input.current?.click()}>
          Import a file…
        </Button>
        <input
          ref={input}
          type="file"
          hidden
          aria-label="File to import"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) void send(file);
            event.currentTarget.value = '';
          }}
        />
      </div>
      {transfer && (
        <div className="flex flex-col gap-1">
          <ProgressBar
            value={transfer.progress}
            label={`Transfer of ${transfer.name}`}
            tone={transfer.error ? 'failed' : 'active'}
          />
          {transfer.error && (
            <p role="alert" className="text-sm text-red-800">
              {transfer.error}
            </p>
          )}
        </div>
      )}
      {current && (
        <ImportStatus
          importId={current.id}
          fileReady={current.ready}
          onDeleted={() => setCurrent(null)}
        />
      )}
      <ul className="flex flex-col gap-2" aria-label="Recent imports">
        {others.map((job) => (
          <li key={job.id}>
            <ImportSummary
              job={job}
              onOpen={
                job.state === 'uploaded' || job.state === 'awaiting_upload'
                  ? () => setCurrent({ id: job.id, ready: job.state === 'uploaded' })
                  : undefined
              }
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ImportSummary({
  job,
  onOpen,
  onDeleted,
}: {
  job: ImportJob;
  onOpen?: () => void;
  onDeleted?: () => void;
}) {
  const name = job.file?.name ?? job.id;
  return (
    <div
      className="flex flex-col gap-1 rounded border border-slate-200 bg-white p-2 text-sm"
      data-state={job.state}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{name}</span>
        <span className="text-xs text-slate-600">{job.state.replace('_', ' ')}</span>
        {onOpen && (
          <Button size="sm" onClick={onOpen}>
            Review mapping
          </Button>
        )}
        {job.state !== 'running' && (
          <DeleteImport importId={job.id} name={name} onDeleted={onDeleted} />
        )}
        {job.report_url && (
          <Button
            size="sm"
            variant="ghost"
            onClick={() =>
              void saveApiFile(job.report_url as string, `${name}-rows.csv`, 'text/csv').catch(
                () => undefined, // the API client has shown the error
              )
            }
          >
            Row report (CSV)
          </Button>
        )}
      </div>
      {(job.state === 'queued' || job.state === 'running') && (
        <ProgressBar value={fractionOf(job)} label={`Import of ${name}`} />
      )}
      {job.counts && <p className="text-xs text-slate-600">{countsText(job.counts)}</p>}
      {job.failure && <p className="text-xs text-red-800">{job.failure}</p>}
      {job.errors.map((error, index) => (
        <p key={index} className="text-xs text-red-800">
          {`row ${error.row}${error.field ? `, ${error.field}` : ''}: `}
          {error.problem}
        </p>
      ))}
    </div>
  );
}

/** Delete an import that is not running (the server refuses, 409, while it runs). */
function DeleteImport({
  importId,
  name,
  onDeleted,
}: {
  importId: string;
  name: string;
  onDeleted?: () => void;
}) {
  const remove = useDeleteImport();
  return (
    <Button
      size="sm"
      variant="ghost"
      aria-label={`Delete import ${name}`}
      disabled={remove.isPending}
      onClick={() => remove.mutate(importId, { onSuccess: () => onDeleted?.() })}
    >
      Delete
    </Button>
  );
}

export function countsText(counts: Record<string, unknown>): string {
  return Object.entries(counts)
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value]) => `${(value as number).toLocaleString('en')} ${name.replace(/_/g, ' ')}`)
    .join(' · ');
}

function ImportStatus({
  importId,
  fileReady,
  onDeleted,
}: {
  importId: string;
  fileReady: boolean;
  onDeleted: () => void;
}) {
  const job = useImport(importId);
  if (!job.data) return <p className="text-sm text-slate-500">Reading the file…</p>;
  const waiting = job.data.state === 'awaiting_upload' || job.data.state === 'uploaded';
  if (waiting && (fileReady || job.data.state === 'uploaded'))
    return <MappingEditor job={job.data} onDeleted={onDeleted} />;
  return <ImportSummary job={job.data} onDeleted={onDeleted} />;
}

function MappingEditor({ job, onDeleted }: { job: ImportJob; onDeleted: () => void }) {
  const [mapping, setMapping] = useState<Mapping>({});
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [personSet, setPersonSet] = useState<PersonSetValues>('keep');
  const preview = usePreview(job.id, mapping, true);
  const start = useStartImport();
  const detected = preview.data?.mapping;
  const shown = detected ? mappingOf(detected.columns, detected.unmapped) : {};
  const effective = { ...shown, ...mapping };
  useEffect(() => setMapping({}), [job.id]);
  if (preview.isPending) return <p className="text-sm text-slate-500">Reading the first rows…</p>;
  if (preview.isError)
    return (
      <p role="alert" className="text-sm text-red-800">
        {errorText(preview.error)}
      </p>
    );
  const data = preview.data as Preview;
  if (data.problem)
    return (
      <p role="alert" className="text-sm text-red-800">
        {data.problem}
      </p>
    );
  const problems = mappingProblems(effective, detected?.missing_required ?? []);
  return (
    <div className="flex flex-col gap-2 rounded border border-indigo-200 bg-white p-3">
      <h3 className="font-semibold">
        {job.file?.name ?? 'The file'}: {data.format.toUpperCase()}
        {data.encoding ? `, ${data.encoding}` : ''}
      </h3>
      {detected && (
        <MappingTable
          mapping={effective}
          onChange={(column, field) => setMapping({ ...effective, [column]: field })}
        />
      )}
      <PreviewRows rows={data.rows} />
      <fieldset className="flex flex-wrap items-center gap-3 text-sm">
        <legend className="sr-only">Values a person set on tracks the file updates</legend>
        <label className="flex items-center gap-1">
          <input
            type="radio"
            name={`person-set-${job.id}`}
            checked={personSet === 'keep'}
            onChange={() => setPersonSet('keep')}
          />
          Keep values a person set
        </label>
        <label className="flex items-center gap-1">
          <input
            type="radio"
            name={`person-set-${job.id}`}
            checked={personSet === 'overwrite'}
            onChange={() => setPersonSet('overwrite')}
          />
          Overwrite them with the file&apos;s
        </label>
      </fieldset>
      {problems.length > 0 && (
        <ul role="alert" className="text-sm text-red-800">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            checked={mode === 'skip_invalid'}
            onChange={(event) => setMode(event.target.checked ? 'skip_invalid' : 'all_or_nothing')}
          />
          Import the valid rows even when some are not (they are listed in the report)
        </label>
        <Button
          variant="primary"
          disabled={problems.length > 0 || start.isPending}
          onClick={() =>
            start.mutate({
              importId: job.id,
              mapping: effective,
              mode,
              personSetValues: personSet,
            })
          }
        >
          Start import
        </Button>
        <DeleteImport importId={job.id} name={job.file?.name ?? job.id} onDeleted={onDeleted} />
      </div>
    </div>
  );
}

function MappingTable({
  mapping,
  onChange,
}: {
  mapping: Mapping;
  onChange: (column: string, field: string | null) => void;
}) {
  return (
    <div className="flex flex-wrap gap-2" role="group" aria-label="Column mapping">
      {Object.entries(mapping).map(([column, field]) => (
        <label key={column} className="flex flex-col rounded border border-slate-200 p-1 text-xs">
          <span className="text-slate-500">{column}</span>
          <select
            aria-label={`Field for column ${column}`}
            value={field ?? ''}
            onChange={(event) => onChange(column, event.target.value || null)}
            className="mt-1 rounded border border-slate-300 px-1 py-0.5"
          >
            <option value="">(skip)</option>
            {IMPORT_FIELDS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      ))}
    </div>
  );
}

type PreviewRow = Preview['rows'][number];
type ValueUpdate = PreviewRow['updates'][number];

function updateText(update: ValueUpdate): string {
  const change = `${update.field}: ${update.old ?? '(empty)'} → ${update.new}`;
  return update.set_by_person ? `${change} (set by a person)` : change;
}

/** The first rows: problems and changes to existing tracks first, so they are never off screen. */
function PreviewRows({ rows }: { rows: Preview['rows'] }) {
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row.values)))];
  if (rows.length === 0) return null;
  return (
    <div className="overflow-x-auto">
      <table className="text-xs">
        <caption className="sr-only">The first rows as they would import</caption>
        <thead>
          <tr>
            <th scope="col" className="px-2 text-left">
              Row
            </th>
            <th scope="col" className="px-2 text-left">
              Problems
            </th>
            <th scope="col" className="px-2 text-left">
              Changes to existing values
            </th>
            {fields.map((field) => (
              <th key={field} scope="col" className="px-2 text-left">
                {field}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.row} className={row.problems.length ? 'bg-red-50' : ''}>
              <td className="px-2 align-top">{row.row}</td>
              <td className="max-w-80 px-2 align-top break-words whitespace-normal text-red-800">
                {row.problems.join('; ')}
              </td>
              <td className="max-w-80 px-2 align-top whitespace-normal">
                {(row.updates ?? []).length > 0 && (
                  <ul aria-label={`Changes in row ${row.row}`}>
                    {(row.updates ?? []).map((update) => (
                      <li
                        key={update.field}
                        className={update.set_by_person ? 'font-medium text-amber-900' : ''}
                      >
                        {updateText(update)}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              {fields.map((field) => (
                <td key={field} className="max-w-48 truncate px-2 align-top">
                  {row.values[field] == null ? '' : String(row.values[field])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
