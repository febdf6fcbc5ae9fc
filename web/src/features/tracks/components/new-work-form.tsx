'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { ApiError, errorText } from '@/lib/problem';

import { createWork } from '../api/works';
import { NewWorkSchema } from '../lib/new-work';

type Errors = Partial<Record<'title' | 'iswc' | 'form', string>>;

type Props = {
  /** link the new work to the track (the caller PATCHes the track's work_id) */
  onCreated: (workId: string) => void;
};

/** "New work": a title and an optional ISWC, checked before saving; the work is then linked. */
export function NewWorkForm({ onCreated }: Props) {
  const [title, setTitle] = useState('');
  const [iswc, setIswc] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const queryClient = useQueryClient();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = NewWorkSchema.safeParse({ title, iswc });
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === 'iswc' ? 'iswc' : 'title';
        found[field] ??= issue.message;
      }
      return setErrors(found);
    }
    setSaving(true);
    try {
      const { title: workTitle, iswc: code } = parsed.data;
      const work = await createWork(code ? { title: workTitle, iswc: code } : { title: workTitle });
      void queryClient.invalidateQueries({ queryKey: ['works'] });
      setErrors({});
      setTitle('');
      setIswc('');
      onCreated(work.id);
    } catch (failure) {
      const field = failure instanceof ApiError ? failure.field : null;
      if (field === 'title' || field === 'iswc')
        setErrors({ [field]: (failure as ApiError).detail.replace(`${field}: `, '') });
      else setErrors({ form: errorText(failure) });
    } finally {
      setSaving(false);
    }
  }

  const input = (id: 'title' | 'iswc', label: string, value: string, set: (v: string) => void) => (
    <div className="flex flex-col text-xs font-medium text-slate-600">
      <label htmlFor={`new-work-${id}`}>{label}</label>
      <input
        id={`new-work-${id}`}
        value={value}
        aria-invalid={errors[id] ? true : undefined}
        aria-describedby={errors[id] ? `new-work-${id}-error` : undefined}
        onChange={(event) => set(event.target.value)}
        className="w-56 rounded border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-600"
      />
      {errors[id] ? (
        <p role="alert" id={`new-work-${id}-error`} className="text-xs text-red-800">
          {errors[id]}
        </p>
      ) : null}
    </div>
  );

  return (
    <form onSubmit={submit} aria-label="New work" className="flex flex-wrap items-start gap-3">
      {input('title', 'Work title', title, setTitle)}
      {input('iswc', 'ISWC (optional)', iswc, setIswc)}
      <Button type="submit" disabled={saving} className="self-end">
        Create and link work
      </Button>
      {errors.form ? (
        <p role="alert" className="w-full text-xs text-red-800">
          {errors.form}
        </p>
      ) : null}
    </form>
  );
}
