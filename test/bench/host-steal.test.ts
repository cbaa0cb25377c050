/**
 * The CPU time a shared machine's host took from it, read from /proc/stat: the benchmark prints it beside its
 * processes' CPU, so a slow phase on a contended host is told apart from a slow phase of linkflow's own.
 */
import { stealTicksOf } from '../../bench/processes';

describe('stealTicksOf', () => {
  it("reads the steal column of the machine's total line", () => {
    const stat = [
      'cpu  8681228 99 1341428 6641405 79153 0 108555 16386 0 0',
      'cpu0 4340614 50 670714 3320702 39576 0 54277 8193 0 0',
      'intr 123',
    ].join('\n');
    expect(stealTicksOf(stat)).toBe(16386);
  });

  it('is 0 where the kernel reports no steal column', () => {
    expect(stealTicksOf('cpu  100 0 50 1000\nintr 1')).toBe(0);
    expect(stealTicksOf('')).toBe(0);
  });
});
