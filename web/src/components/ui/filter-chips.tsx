'use client';

export type Chip<K extends string> = { key: K; label: string };

type FilterChipsProps<K extends string> = {
  chips: readonly Chip<K>[];
  value: Partial<Record<K, boolean | undefined>>;
  onToggle: (key: K, on: boolean) => void;
};

/** "Show only" toggles: buttons with aria-pressed, so screen readers announce their state. */
export function FilterChips<K extends string>({ chips, value, onToggle }: FilterChipsProps<K>) {
  return (
    <fieldset className="flex flex-wrap gap-2">
      <legend className="sr-only">Show only</legend>
      {chips.map((chip) => {
        const on = Boolean(value[chip.key]);
        return (
          <button
            key={chip.key}
            type="button"
            aria-pressed={on}
            onClick={() => onToggle(chip.key, !on)}
            className={`rounded-full border px-3 py-1 text-xs font-medium ${on ? 'border-indigo-700 bg-indigo-700 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-100'}`}
          >
            {chip.label}
          </button>
        );
      })}
    </fieldset>
  );
}
