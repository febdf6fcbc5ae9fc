'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { ApiError, errorText } from '@/lib/problem';
import { formatHundredths, totalProblem } from '@/lib/splits';

import { createParty, saveWork, updateParty, type Work } from '../api/works';
import {
  RIGHTS,
  emptyRow,
  formOf,
  formProblems,
  rightTotals,
  workBody,
  type FormErrors,
  type PartyRow,
  type WorkForm,
} from '../lib/work-form';
import { PUBLISHER_ROLES, WRITER_ROLES } from '../lib/work-roles';
import { PartyRows } from './party-rows';

type Group = 'writers' | 'publishers';

/** Make each row a party (new ones created, corrected names and IPIs saved): row key -> id. */
async function partiesOf(form: WorkForm, original: Work | null | undefined) {
  const ids = new Map<string, string>();
  const known = new Map(
    [...(original?.writers ?? []), ...(original?.publishers ?? [])].map((p) => [p.party_id, p]),
  );
  for (const group of ['writers', 'publishers'] as const) {
    for (const [index, row] of form[group].entries()) {
      const ipi = row.ipi.replace(/[\s.\-]/g, '') || null;
      try {
        const before = row.party_id ? known.get(row.party_id) : undefined;
        if (!row.party_id) ids.set(row.key, (await createParty(row.name.trim(), ipi)).id);
        else {
          if (before && (before.name !== row.name.trim() || before.ipi_name_number !== ipi))
            await updateParty(row.party_id, row.name.trim(), ipi);
          ids.set(row.key, row.party_id);
        }
      } catch (failure) {
        if (failure instanceof ApiError && failure.field)
          throw new ApiError({ ...failure, field: `${group}[${index}].${failure.field}` });
        throw failure;
      }
    }
  }
  return ids;
}

/** The server's refusal beside the field it names ("writers[0].role", "pr_share", "iswc"). */
function refusalErrors(failure: unknown): FormErrors {
  if (failure instanceof ApiError && failure.field) return { [failure.field]: failure.detail };
  return { form: errorText(failure) };
}

/** Create or edit a work: title, ISWC, alternate titles, writers, publishers and their shares,
 * with each right's running total beside the tables (saved only at exactly 100.00% or 0). */
export function WorkEditor({ work, onSaved }: { work?: Work | null; onSaved?: (w: Work) => void }) {
  const [form, setForm] = useState<WorkForm>(() => formOf(work));
  const [errors, setErrors] = useState<FormErrors>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const queryClient = useQueryClient();
  const totals = rightTotals(form);

  const edit = (patch: Partial<WorkForm>) => {
    setForm((current) => ({ ...current, ...patch }));
    setErrors({});
    setSaved(false);
  };
  const editRow = (group: Group) => (index: number, patch: Partial<PartyRow>) =>
    edit({
      [group]: form[group].map((row, i) => (i !== index ? row : { ...row, ...patch })),
    });
  const removeRow = (group: Group) => (index: number) => {
    const removed = form[group][index];
    const rows = form[group].filter((_, i) => i !== index);
    const writers = (group === 'writers' ? rows : form.writers).map((w) =>
      w.publisher_key === removed?.key ? { ...w, publisher_key: '' } : w,
    );
    edit(group === 'writers' ? { writers } : { publishers: rows, writers });
  };

  async function save() {
    const problems = formProblems(form);
    if (Object.keys(problems).length > 0) return setErrors(problems);
    setSaving(true);
    try {
      const ids = await partiesOf(form, work);
      const result = await saveWork(work?.id ?? null, workBody(form, ids));
      void queryClient.invalidateQueries({ queryKey: ['works'] });
      setForm(formOf(result));
      setSaved(true);
      onSaved?.(result);
    } catch (failure) {
      setErrors(refusalErrors(failure));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section aria-label="Work editor" className="flex flex-col gap-4">
      <div className="flex flex-wrap gap-4">
        <TextField
          label="Work title"
          value={form.title}
          error={errors.title}
          onChange={(event) => edit({ title: event.target.value })}
          className="w-80"
        />
        <TextField
          label="ISWC"
          value={form.iswc}
          error={errors.iswc}
          hint="T-DDD.DDD.DDD-C; checked before saving"
          onChange={(event) => edit({ iswc: event.target.value })}
        />
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          Alternate titles (one per line)
          <textarea
            value={form.alternate_titles}
            rows={2}
            onChange={(event) => edit({ alternate_titles: event.target.value })}
            className="w-72 rounded border border-slate-300 px-2 py-1 text-sm font-normal"
          />
        </label>
      </div>

      <h2 className="font-semibold" id="field-writers">
        Writers
      </h2>
      <PartyRows
        group="writers"
        noun="writer"
        rows={form.writers}
        roles={WRITER_ROLES}
        errors={errors}
        publishers={form.publishers}
        onChange={editRow('writers')}
        onRemove={removeRow('writers')}
      />
      <Button
        size="sm"
        className="self-start"
        onClick={() => edit({ writers: [...form.writers, emptyRow('CA')] })}
      >
        Add writer
      </Button>

      <h2 className="font-semibold">Publishers</h2>
      <PartyRows
        group="publishers"
        noun="publisher"
        rows={form.publishers}
        roles={PUBLISHER_ROLES}
        errors={errors}
        onChange={editRow('publishers')}
        onRemove={removeRow('publishers')}
      />
      <Button
        size="sm"
        className="self-start"
        onClick={() => edit({ publishers: [...form.publishers, emptyRow('E')] })}
      >
        Add publisher
      </Button>

      <ShareTotals totals={totals} errors={errors} />

      <div className="flex items-center gap-3">
        <Button variant="primary" disabled={saving} onClick={() => void save()}>
          {work ? 'Save work' : 'Create work'}
        </Button>
        {saved ? <span role="status">Saved.</span> : null}
        {errors.form ? (
          <p role="alert" className="text-sm text-red-800">
            {errors.form}
          </p>
        ) : null}
      </div>
    </section>
  );
}

/** Each right's running total over writers and publishers, and what is wrong with it. */
function ShareTotals({ totals, errors }: { totals: Record<string, number>; errors: FormErrors }) {
  return (
    <ul aria-label="Share totals" className="flex flex-wrap gap-4 text-sm">
      {RIGHTS.map(({ right, words }) => {
        const total = totals[right] ?? 0;
        const error = errors[`${right}_share`] ?? null;
        const pending = totalProblem(total);
        return (
          <li key={right} className="flex flex-col" id={`field-${right}_share`}>
            <span>
              {words} total:{' '}
              <output
                aria-label={`${words} total`}
                className={pending ? 'font-semibold text-amber-800' : 'font-semibold'}
              >
                {formatHundredths(total)}
              </output>
            </span>
            {error ? (
              <span role="alert" className="text-xs text-red-800">
                {words}: {error}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
