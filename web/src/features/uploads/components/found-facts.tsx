import type { Found } from '../api/upload-schemas';

const TAG_ORDER = ['title', 'artist', 'album', 'isrc', 'genre', 'date', 'year', 'bpm', 'key'];

function duration(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** What the ingest found in the file: format, technical facts, embedded tags. */
export function FoundFacts({ found }: { found: Found }) {
  const facts: [string, string][] = [];
  if (found.format) facts.push(['Format', [found.format, found.codec].filter(Boolean).join(' / ')]);
  if (found.duration_s != null) facts.push(['Duration', duration(found.duration_s)]);
  if (found.sample_rate != null)
    facts.push(['Sample rate', `${(found.sample_rate / 1000).toLocaleString('en')} kHz`]);
  if (found.bit_depth != null) facts.push(['Bit depth', `${found.bit_depth}-bit`]);
  if (found.channels != null)
    facts.push([
      'Channels',
      found.channels === 1 ? 'mono' : found.channels === 2 ? 'stereo' : String(found.channels),
    ]);
  const tags = Object.entries(found.tags ?? {})
    .filter(([, value]) => !isEmpty(value))
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  for (const [name, value] of tags) facts.push([name, tagText(value)]);
  if (facts.length === 0) return null;
  return (
    <dl
      aria-label="What was found"
      className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-700 sm:grid-cols-[auto_1fr_auto_1fr]"
    >
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-slate-500 capitalize">{label}</dt>
          <dd className="truncate" title={value}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function tagText(value: unknown): string {
  if (Array.isArray(value)) return value.map(tagText).join(', ');
  if (value && typeof value === 'object') return objectText(value as Record<string, unknown>);
  return String(value);
}

/** A structured tag in words, never raw JSON: a picture, a credit, a copyright line, or its
 * fields one by one. */
function objectText(fields: Record<string, unknown>): string {
  if ('mime_type' in fields && 'width' in fields)
    return `${String(fields.mime_type)} ${String(fields.width)}×${String(fields.height)} px`;
  if ('name' in fields)
    return [fields.name, fields.role ? `(${String(fields.role)})` : null].filter(Boolean).join(' ');
  if ('text' in fields) return [fields.year, fields.text].filter(Boolean).join(' ');
  return Object.entries(fields)
    .filter(([, item]) => !isEmpty(item))
    .map(([key, item]) => `${key.replaceAll('_', ' ')} ${tagText(item)}`)
    .join(', ');
}

function rank(tag: string): number {
  const index = TAG_ORDER.indexOf(tag.toLowerCase());
  return index === -1 ? TAG_ORDER.length : index;
}

/** Nothing worth a line: missing, blank, an empty list or an empty object. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}
