'use client';

import { useRef, useState } from 'react';

import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { errorText } from '@/lib/problem';
import { transferFile } from '@/lib/transfer-file';

import { createImport, useImport, useImports, useStartImport } from '../api/imports';
import type { ImportJob, MappingPreview } from '../api/job-schemas';
import { initialMapping, mappingProblems } from '../lib/mapping';

/** Bulk import: send a file, confirm the column mapping on a preview, follow its progress. */
export function ImportPanel() {
  const input = useRef<HTMLInputElement>(null);
  const [current, setCurrent] = useState<string | null>(null);
  const [transfer, setTransfer] = useState<{ progress: number; error: string | null } | null>(null);
  const imports = useImports();

  async function send(file: File) {
    setTransfer({ progress: 0, error: null });
    try {
      const ticket = await createImport({
        filename: file.name,
        size_bytes: file.size,
        content_type: file.type || 'text/csv',
      });
      setCurrent(ticket.import_id);
      await transferFile(file, ticket, {
        onProgress: (progress) => setTransfer({ progress, error: null }),
      });
      setTransfer(null);
    } catch (error) {
      setTransfer({ progress: 0, error: errorText(error) });
    }
  }

  return (
    <section aria-labelledby="imports-heading" className="flex flex-col gap-3">
      <h2 id="imports-heading" className="text-lg font-semibold">
        Imports
      </h2>
      <p className="text-sm text-slate-600">
        CSV or JSON of tracks and releases, DDEX ERN messages, or CWR files.
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
          accept=".csv,.json,.xml,.cwr,.v21,.v22,text/csv,application/json,application/xml"
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
            label="Import file transfer"
            tone={transfer.error ? 'failed' : 'active'}
          />
          {transfer.error && (
            <p role="alert" className="text-sm text-red-800">
              {transfer.error}
            </p>
          )}
        </div>
      )}
      {current && <ImportStatus importId={current} />}
      <ul className="flex flex-col gap-2" aria-label="Recent imports">
        {(imports.data?.items ?? [])
          .filter((job) => job.import_id !== current)
          .map((job) => (
            <li key={job.import_id}>
              <ImportSummary job={job} onOpen={() => setCurrent(job.import_id)} />
            </li>
          ))}
      </ul>
    </section>
  );
}

function ImportSummary({ job, onOpen }: { job: ImportJob; onOpen?: () => void }) {
  return (
    <div className="flex flex-col gap-1 rounded border border-slate-200 bg-white p-2 text-sm">
      <div className="flex items-center gap-2">
        <span className="font-medium">{job.filename ?? job.import_id}</span>
        <span className="text-xs text-slate-500">{job.state}</span>
        {onOpen && job.state === 'previewed' && (
          <Button size="sm" onClick={onOpen}>
            Review mapping
          </Button>
        )}
      </div>
      {(job.state === 'running' || job.state === 'queued') && (
        <ProgressBar
          value={job.progress ?? null}
          label={`Import of ${job.filename ?? job.import_id}`}
        />
      )}
      {job.counts && (
        <p className="text-xs text-slate-600">
          {Object.entries(job.counts)
            .map(([name, count]) => `${count.toLocaleString('en')} ${name}`)
            .join(' · ')}
        </p>
      )}
      {job.errors.slice(0, 20).map((problem, index) => (
        <p key={index} className="text-xs text-red-800">
          {problem.line != null ? `line ${problem.line}: ` : ''}
          {problem.field ? `${problem.field}: ` : ''}
          {problem.message}
        </p>
      ))}
      {job.errors.length > 20 && (
        <p className="text-xs text-red-800">…and {job.errors.length - 20} more</p>
      )}
    </div>
  );
}

function ImportStatus({ importId }: { importId: string }) {
  const job = useImport(importId);
  if (!job.data) return <p className="text-sm text-slate-500">Reading the file…</p>;
  if (job.data.state === 'previewed' && job.data.preview)
    return <MappingEditor job={job.data} preview={job.data.preview} />;
  return <ImportSummary job={job.data} />;
}

function MappingEditor({ job, preview }: { job: ImportJob; preview: MappingPreview }) {
  const [mapping, setMapping] = useState(() => initialMapping(preview));
  const start = useStartImport();
  const problems = mappingProblems(mapping);
  return (
    <div className="flex flex-col gap-2 rounded border border-indigo-200 bg-white p-3">
      <h3 className="font-semibold">Column mapping of {job.filename ?? 'the file'}</h3>
      <div className="overflow-x-auto">
        <table className="text-sm">
          <caption className="sr-only">
            Each column of the file, the field it fills, and its first rows
          </caption>
          <thead>
            <tr>
              {preview.columns.map((column) => (
                <th
                  key={column}
                  scope="col"
                  className="border-b border-slate-200 px-2 py-1 text-left align-bottom"
                >
                  <div className="text-xs text-slate-500">{column}</div>
                  <select
                    aria-label={`Field for column ${column}`}
                    value={mapping[column] ?? ''}
                    onChange={(event) =>
                      setMapping({ ...mapping, [column]: event.target.value || null })
                    }
                    className="mt-1 rounded border border-slate-300 px-1 py-0.5 text-xs"
                  >
                    <option value="">(skip)</option>
                    {preview.fields.map((field) => (
                      <option key={field} value={field}>
                        {field}
                      </option>
                    ))}
                  </select>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.sample_rows.map((row, index) => (
              <tr key={index}>
                {preview.columns.map((column, col) => (
                  <td
                    key={column}
                    className="max-w-48 truncate border-b border-slate-100 px-2 py-1"
                  >
                    {row[col] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problems.length > 0 && (
        <ul role="alert" className="text-sm text-red-800">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div>
        <Button
          variant="primary"
          disabled={problems.length > 0 || start.isPending}
          onClick={() => start.mutate({ importId: job.import_id, mapping })}
        >
          Start import
        </Button>
      </div>
    </div>
  );
}
