// Split totals in hundredths of a percent, so 33.33 + 33.33 + 33.34 is exactly 100.00 (floats
// would say 99.99999). The server's rule is the same: a total is exactly 100.00, or nothing is
// claimed yet (shared/domain/works.py, shared/domain/recordings.py).

export const WHOLE_HUNDREDTHS = 10_000;

/** A typed percentage in hundredths; NaN when it is not a number from 0 to 100. */
export function percentInHundredths(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(trimmed)) return Number.NaN;
  const hundredths = Math.round(Number(trimmed) * 100);
  return hundredths <= WHOLE_HUNDREDTHS ? hundredths : Number.NaN;
}

/** What is wrong with one typed share, or null. */
export function shareProblem(text: string): string | null {
  return Number.isNaN(percentInHundredths(text))
    ? 'must be a percentage from 0 to 100 with at most 2 decimals'
    : null;
}

/** The sum of typed shares in hundredths (bad entries count as 0: they are reported apart). */
export function totalInHundredths(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + (percentInHundredths(text) || 0), 0);
}

/** "87.50%" for 8750. */
export function formatHundredths(hundredths: number): string {
  return `${(hundredths / 100).toFixed(2)}%`;
}

/** What is wrong with a total, or null when it is 100.00% (or 0 when ``emptyAllowed``). */
export function totalProblem(hundredths: number, emptyAllowed = true): string | null {
  if (hundredths === WHOLE_HUNDREDTHS || (emptyAllowed && hundredths === 0)) return null;
  return `totals ${formatHundredths(hundredths)}; the shares must total exactly 100.00%`;
}
