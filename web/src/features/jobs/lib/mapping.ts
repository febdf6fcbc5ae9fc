import type { MappingPreview } from '../api/job-schemas';

/** The mapping to start from: the server's guess, else a column named like a field. */
export function initialMapping(preview: MappingPreview): Record<string, string | null> {
  const byName = new Map(preview.fields.map((field) => [normalise(field), field]));
  return Object.fromEntries(
    preview.columns.map((column) => [
      column,
      preview.mapping[column] ?? byName.get(normalise(column)) ?? null,
    ]),
  );
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Problems that make the mapping unusable: a field fed by two columns, or no title at all. */
export function mappingProblems(
  mapping: Record<string, string | null>,
  required: readonly string[] = ['title'],
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const [column, field] of Object.entries(mapping)) {
    if (!field) continue;
    const other = seen.get(field);
    if (other) problems.push(`columns “${other}” and “${column}” both fill ${field}`);
    seen.set(field, column);
  }
  for (const field of required) if (!seen.has(field)) problems.push(`no column fills ${field}`);
  return problems;
}
