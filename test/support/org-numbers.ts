/** Valid Norwegian org numbers for tests: the first valid one at or after these 8 digits. */
import { orgNumberCheckDigit } from '../../sandboxes/seeder';

export function orgNumberFrom(first: number): string {
  for (let start = first; ; start += 1) {
    const digits = String(start).padStart(8, '0');
    // Some 8-digit starts have no valid check digit (it would be 10): take the next start.
    const check = orgNumberCheckDigit(digits);
    if (check !== null) return `${digits}${check}`;
  }
}
