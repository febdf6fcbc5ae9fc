// Small SVG bar charts. Hand-written rather than a chart library: three bar charts do not justify
// ~100 KB of JavaScript, and SVG with <title>s is accessible and renders in jsdom for tests.
export type Bar = { label: string; value: number; detail?: string };

type BarChartProps = {
  title: string;
  bars: readonly Bar[];
  unit?: string;
  color?: string;
  height?: number;
};

const WIDTH = 480;
const AXIS = 28;

export function BarChart({
  title,
  bars,
  unit = '',
  color = '#4338ca',
  height = 200,
}: BarChartProps) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const slot = (WIDTH - AXIS) / Math.max(1, bars.length);
  const plot = height - 36;
  const summary = bars.map((bar) => `${bar.label}: ${format(bar.value)}${unit}`).join(', ');
  return (
    <figure className="w-full">
      <figcaption className="mb-1 text-sm font-semibold text-slate-800">{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`${title}: ${summary || 'no data yet'}`}
        className="w-full"
      >
        <line x1={AXIS} y1={plot} x2={WIDTH} y2={plot} stroke="#94a3b8" />
        <text x={AXIS - 4} y={10} textAnchor="end" fontSize="10" fill="#475569">
          {axisLabel(max)}
        </text>
        {bars.map((bar, index) => {
          const barHeight = (bar.value / max) * (plot - 12);
          const x = AXIS + index * slot + slot * 0.15;
          return (
            <g key={bar.label}>
              <rect
                x={x}
                y={plot - barHeight}
                width={slot * 0.7}
                height={barHeight}
                fill={color}
                rx={2}
              >
                <title>{`${bar.label}: ${format(bar.value)}${unit}${bar.detail ? ` (${bar.detail})` : ''}`}</title>
              </rect>
              <text
                x={x + slot * 0.35}
                y={plot + 14}
                textAnchor="middle"
                fontSize="10"
                fill="#334155"
              >
                {bar.label}
              </text>
            </g>
          );
        })}
        {bars.length === 0 && (
          <text x={WIDTH / 2} y={plot / 2} textAnchor="middle" fontSize="12" fill="#64748b">
            no data yet
          </text>
        )}
      </svg>
    </figure>
  );
}

/** The axis's top value in at most five characters: the axis is 28 units wide, and a longer
 * label ("1,004.9") was cut off at the chart's left edge. The summary keeps the exact values. */
export function axisLabel(value: number): string {
  if (value >= 1000)
    return value.toLocaleString('en', { notation: 'compact', maximumFractionDigits: 1 });
  if (value >= 100) return Math.round(value).toLocaleString('en');
  return format(value);
}

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en');
  return value.toLocaleString('en', { maximumFractionDigits: 1 });
}
