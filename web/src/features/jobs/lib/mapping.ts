// Fields a column of a CSV or JSON import can fill (the API's import fields, shared/batch).
export const IMPORT_FIELDS = [
  'track_id', 'isrc', 'title', 'version_title', 'display_artist', 'duration', 'genre', 'sub_genre', 'explicit',
  'language', 'track_number', 'disc_number', 'p_line', 'iswc', 'bpm', 'key', 'release_id', 'upc', 'release_title',
  'release_version', 'release_artist', 'label', 'release_date', 'original_release_date', 'release_type',
  'catalog_number', 'c_line', 'release_genre', 'parental_advisory',
] as const; // prettier-ignore

/** Every column of the file and the field it fills (null: skipped). */
export function mappingOf(
  columns: Record<string, string>,
  unmapped: readonly string[],
): Record<string, string | null> {
  return { ...columns, ...Object.fromEntries(unmapped.map((column) => [column, null])) };
}

/** Problems that make the mapping unusable: a field fed by two columns, a required one by none. */
export function mappingProblems(
  mapping: Record<string, string | null>,
  missingRequired: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const [column, field] of Object.entries(mapping)) {
    if (!field) continue;
    const other = seen.get(field);
    if (other) problems.push(`columns “${other}” and “${column}” both fill ${field}`);
    seen.set(field, column);
  }
  for (const field of missingRequired)
    if (!seen.has(field)) problems.push(`no column fills ${field}`);
  return problems;
}
