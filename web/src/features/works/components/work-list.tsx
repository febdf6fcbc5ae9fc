'use client';

import Link from 'next/link';
import { useState } from 'react';

import { useWorks } from '../api/works';
import { roleWords, WRITER_ROLES } from '../lib/work-roles';

/** The partner's works, searchable by title, each opening its editor. */
export function WorkList() {
  const [q, setQ] = useState('');
  const works = useWorks(q);
  return (
    <section aria-label="Works" className="flex flex-col gap-2">
      <label className="flex flex-col text-xs font-medium text-slate-600">
        Search works
        <input
          type="search"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          className="mt-1 w-72 rounded border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-slate-500 uppercase">
            <th scope="col">Title</th>
            <th scope="col">ISWC</th>
            <th scope="col">Writers</th>
          </tr>
        </thead>
        <tbody>
          {(works.data?.items ?? []).map((work) => (
            <tr key={work.id}>
              <td>
                <Link href={`/work/?id=${work.id}`} className="text-indigo-800 underline">
                  {work.title}
                </Link>
              </td>
              <td>{work.iswc ?? '—'}</td>
              <td>
                {work.writers
                  .map((w) => `${w.name} (${roleWords(WRITER_ROLES, w.role)})`)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
