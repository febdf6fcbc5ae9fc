import { ipiNameNumberProblem, iswcCheckDigitIsValid } from '@/lib/check-digits';
import { shareProblem, totalInHundredths, totalProblem } from '@/lib/splits';

import type { Work, WorkInput } from '../api/works';

// The works editor's rows and the checks the server makes too, run before anything is sent.

export const RIGHTS = [
  { right: 'pr', words: 'Performance' },
  { right: 'mr', words: 'Mechanical' },
  { right: 'sr', words: 'Sync' },
] as const;

export type Right = (typeof RIGHTS)[number]['right'];

export type PartyRow = {
  key: string; // stable across edits, so a writer can point at a publisher not saved yet
  party_id: string | null;
  name: string;
  ipi: string;
  role: string;
  pr: string;
  mr: string;
  sr: string;
  publisher_key: string; // writers: the publisher row representing them ('' for none)
};

export type WorkForm = {
  title: string;
  iswc: string;
  alternate_titles: string; // one per line
  writers: PartyRow[];
  publishers: PartyRow[];
};

/** Field -> message, keyed as the server names fields ("writers[0].role", "pr_share"). */
export type FormErrors = Record<string, string>;

let nextKey = 0;
export const newKey = () => `row-${++nextKey}`;

export function emptyRow(role: string): PartyRow {
  return {
    key: newKey(),
    party_id: null,
    name: '',
    ipi: '',
    role,
    pr: '',
    mr: '',
    sr: '',
    publisher_key: '',
  };
}

const shareText = (value: number) => (value ? String(value) : '');

/** The form for a stored work (or a blank one). */
export function formOf(work?: Work | null): WorkForm {
  const publishers = (work?.publishers ?? []).map((p) => ({
    ...emptyRow(p.role),
    party_id: p.party_id,
    name: p.name,
    ipi: p.ipi_name_number ?? '',
    pr: shareText(p.pr_share),
    mr: shareText(p.mr_share),
    sr: shareText(p.sr_share),
  }));
  const keyOf = (partyId: string | null | undefined) =>
    publishers.find((p) => partyId && p.party_id === partyId)?.key ?? '';
  const writers = (work?.writers ?? []).map((w) => ({
    ...emptyRow(w.role),
    party_id: w.party_id,
    name: w.name,
    ipi: w.ipi_name_number ?? '',
    pr: shareText(w.pr_share),
    mr: shareText(w.mr_share),
    sr: shareText(w.sr_share),
    publisher_key: keyOf(w.publisher_party_id),
  }));
  return {
    title: work?.title ?? '',
    iswc: work?.iswc ?? '',
    alternate_titles: (work?.alternate_titles ?? []).join('\n'),
    writers,
    publishers,
  };
}

export const compactIswc = (text: string) => text.replace(/[\s.\-]/g, '').toUpperCase();

function iswcProblem(text: string): string | null {
  const compact = compactIswc(text);
  if (compact === '') return null;
  if (!/^T\d{10}$/.test(compact)) return 'is not an ISWC (T-DDD.DDD.DDD-C: T and 10 digits)';
  return iswcCheckDigitIsValid(compact) ? null : 'fails its check digit (the last digit)';
}

/** Each right's total over writers and publishers, in hundredths of a percent. */
export function rightTotals(form: WorkForm): Record<Right, number> {
  const people = [...form.writers, ...form.publishers];
  return {
    pr: totalInHundredths(people.map((p) => p.pr)),
    mr: totalInHundredths(people.map((p) => p.mr)),
    sr: totalInHundredths(people.map((p) => p.sr)),
  };
}

function rowProblems(group: 'writers' | 'publishers', rows: PartyRow[], errors: FormErrors) {
  rows.forEach((row, index) => {
    const at = `${group}[${index}]`;
    if (!row.name.trim()) errors[`${at}.name`] = 'a name is required';
    const ipi = row.ipi.trim() ? ipiNameNumberProblem(row.ipi) : null;
    if (ipi) errors[`${at}.ipi_name_number`] = ipi;
    for (const { right } of RIGHTS) {
      const problem = shareProblem(row[right]);
      if (problem) errors[`${at}.${right}_share`] = problem;
    }
  });
}

/** Every problem the form has, keyed by field; empty when it may be sent. */
export function formProblems(form: WorkForm): FormErrors {
  const errors: FormErrors = {};
  if (!form.title.trim()) errors.title = 'a work needs a title';
  const iswc = iswcProblem(form.iswc);
  if (iswc) errors.iswc = iswc;
  rowProblems('writers', form.writers, errors);
  rowProblems('publishers', form.publishers, errors);
  const totals = rightTotals(form);
  for (const { right } of RIGHTS) {
    const problem = totalProblem(totals[right]);
    if (problem) errors[`${right}_share`] = problem;
  }
  return errors;
}

const number = (text: string) => (text.trim() === '' ? 0 : Number(text));

/** The PATCH/POST body, once every row has its party id. */
export function workBody(form: WorkForm, partyIds: Map<string, string>): WorkInput {
  const shares = (row: PartyRow) => ({
    role: row.role,
    pr_share: number(row.pr),
    mr_share: number(row.mr),
    sr_share: number(row.sr),
  });
  return {
    title: form.title.trim(),
    iswc: compactIswc(form.iswc) || null,
    alternate_titles: form.alternate_titles
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    writers: form.writers.map((row) => ({
      party_id: partyIds.get(row.key) as string,
      ...shares(row),
      publisher_party_id: partyIds.get(row.publisher_key) ?? null,
    })),
    publishers: form.publishers.map((row) => ({
      party_id: partyIds.get(row.key) as string,
      ...shares(row),
    })),
  };
}
