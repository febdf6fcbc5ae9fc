/** GS1 check digit (UPC, EAN, GTIN): weights 3 and 1 from the right; the last digit makes the sum
 * a multiple of 10. The server checks the same rule (shared/domain/identifiers). */
export function gtinCheckDigitIsValid(digits: string): boolean {
  const body = digits.slice(0, -1).split('').reverse();
  const sum = body.reduce((total, digit, index) => total + Number(digit) * (index % 2 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}

/** ISWC check digit (shared/domain/identifiers.py Iswc): T + 9 digits + C where
 * C = (10 - (1 + sum(i * d_i)) mod 10) mod 10 over the compact form "T0345246801". */
export function iswcCheckDigitIsValid(compact: string): boolean {
  const digits = compact.slice(1, 10).split('');
  const total = 1 + digits.reduce((sum, digit, index) => sum + (index + 1) * Number(digit), 0);
  return (10 - (total % 10)) % 10 === Number(compact.at(-1));
}

/** The two check digits of a 9-digit IPI name sequence (../shared/standards/IDENTIFIERS.md):
 * (101 - sum of digits weighted 10..2, mod 101) mod 101, with 100 written "00" as CISAC does;
 * the server's ipi_check_digits (shared/domain/identifiers.py) is the same rule. */
export function ipiCheckDigits(sequence: string): string {
  const sum = sequence
    .split('')
    .reduce((total, digit, index) => total + Number(digit) * (10 - index), 0);
  return String(((101 - (sum % 101)) % 101) % 100).padStart(2, '0');
}

/** What is wrong with an IPI name number (spaces and dots ignored), or null when it is valid. */
export function ipiNameNumberProblem(text: string): string | null {
  const digits = text.replace(/[\s.\-]/g, '');
  if (!/^\d+$/.test(digits)) return 'must contain digits only';
  if (digits.length !== 11)
    return `has ${digits.length} digits, an IPI name number has 11 (zero-padded)`;
  const expected = ipiCheckDigits(digits.slice(0, 9));
  return expected === digits.slice(9)
    ? null
    : `has check digits ${digits.slice(9)}, expected ${expected}`;
}
