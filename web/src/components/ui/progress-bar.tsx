type ProgressBarProps = {
  /** 0..1, or null while the amount is unknown */
  value: number | null;
  label: string;
  tone?: 'active' | 'done' | 'failed';
};

const TONES = { active: 'bg-indigo-600', done: 'bg-emerald-600', failed: 'bg-red-600' };

export function ProgressBar({ value, label, tone = 'active' }: ProgressBarProps) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={percent === null ? 'in progress' : `${percent}%`}
      className="h-2 w-full overflow-hidden rounded bg-slate-200"
    >
      <div
        className={`h-full transition-[width] duration-200 ${TONES[tone]} ${percent === null ? 'w-1/3 animate-pulse' : ''}`}
        style={percent === null ? undefined : { width: `${percent}%` }}
      />
    </div>
  );
}
