/** GS1 check digit (UPC, EAN, GTIN): weights 3 and 1 from the right; the last digit makes the sum
 * a multiple of 10. The server checks the same rule (shared/domain/identifiers). */
export function gtinCheckDigitIsValid(digits: string): boolean {
  const body = digits.slice(0, -1).split('').reverse();
  const sum = body.reduce((total, digit, index) => total + Number(digit) * (index % 2 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}
