'use client';

type Props = {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  onChange: (value: string) => void;
  width?: string;
};

/** A labelled text input whose problem is shown beside it (aria-invalid, described by it). */
export function FieldInput({ id, label, value, error, onChange, width = 'w-40' }: Props) {
  return (
    <div className="flex flex-col text-xs font-medium text-slate-600">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
        className={`${width} rounded border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-600`}
      />
      {error ? (
        <p role="alert" id={`${id}-error`} className="max-w-xs text-xs text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
