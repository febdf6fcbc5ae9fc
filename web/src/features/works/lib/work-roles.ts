// CWR's role codes in the words people use: the editor shows words, the API stores the codes
// (shared/domain/works.py WriterRole and PublisherRole, CWR writer designation and publisher type).

export type RoleChoice = { code: string; words: string };

export const WRITER_ROLES: readonly RoleChoice[] = [
  { code: 'CA', words: 'Composer-Author' },
  { code: 'C', words: 'Composer' },
  { code: 'A', words: 'Author (lyricist)' },
  { code: 'AR', words: 'Arranger' },
  { code: 'AD', words: 'Adaptor' },
  { code: 'TR', words: 'Translator' },
  { code: 'SR', words: 'Sub-arranger' },
  { code: 'SA', words: 'Sub-author' },
  { code: 'PA', words: 'Income participant' },
];

export const PUBLISHER_ROLES: readonly RoleChoice[] = [
  { code: 'E', words: 'Original publisher' },
  { code: 'SE', words: 'Sub-publisher' },
  { code: 'AM', words: 'Administrator' },
  { code: 'ES', words: 'Substituted publisher' },
  { code: 'AQ', words: 'Acquirer' },
  { code: 'PA', words: 'Income participant' },
];

/** The words for a stored code (the code itself when it is not one we know). */
export function roleWords(choices: readonly RoleChoice[], code: string): string {
  return choices.find((choice) => choice.code === code)?.words ?? code;
}
