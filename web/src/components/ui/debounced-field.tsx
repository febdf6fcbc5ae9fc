'use client';

import { useEffect, useRef, useState } from 'react';

type DebouncedFieldProps = {
  label: string;
  value: string | undefined;
  /** called once typing has stopped for ``delayMs``; an empty field commits undefined */
  onCommit: (next: string | undefined) => void;
  type?: 'search' | 'text';
  width?: string;
  delayMs?: number;
};

/** A labelled filter input that applies after typing stops, not on every key. */
export function DebouncedField({
  label,
  value,
  onCommit,
  type = 'text',
  width = 'w-36',
  delayMs = 300,
}: DebouncedFieldProps) {
  const [text, setText] = useState(value ?? '');
  const commit = useRef(onCommit);
  commit.current = onCommit;

  useEffect(() => {
    if ((value ?? '') === text) return;
    const timer = setTimeout(() => commit.current(text || undefined), delayMs);
    return () => clearTimeout(timer);
  }, [text, value, delayMs]);

  return (
    <label className="flex flex-col text-xs font-medium text-slate-600">
      {label}
      <input
        type={type}
        value={text}
        onChange={(event) => setText(event.target.value)}
        className={`mt-1 ${width} rounded border border-slate-300 px-2 py-1 text-sm`}
      />
    </label>
  );
}
