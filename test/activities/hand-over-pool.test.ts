/**
 * A poll call's hand-overs run a few at a time across its pages: the next page is read while the last records
 * of the one before are still handed on, two versions of one record go in order, and a failure ends the call.
 */
import { HandOverPool } from '../../activities/hand-over-pool';

/** A hand-over that ends when the test says so. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('HandOverPool', () => {
  it('runs at most `limit` at a time, and takes the next as soon as one ends', async () => {
    const pool = new HandOverPool(2);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    await pool.add('a', async () => {
      started.push(0);
      await gates[0]?.promise;
    });
    await pool.add('b', async () => {
      started.push(1);
      await gates[1]?.promise;
    });
    let thirdAdded = false;
    const third = pool
      .add('c', async () => {
        started.push(2);
        await gates[2]?.promise;
      })
      .then(() => (thirdAdded = true));
    await turn();
    expect(started).toEqual([0, 1]);
    expect(thirdAdded).toBe(false);
    gates[1]?.open();
    await third;
    expect(started).toEqual([0, 1, 2]);
    gates[0]?.open();
    gates[2]?.open();
    await pool.drain();
  });

  it('returns from add while the work still runs, so the caller can read its next page', async () => {
    const pool = new HandOverPool(4);
    const slow = gate();
    let ended = false;
    await pool.add('a', async () => {
      await slow.promise;
      ended = true;
    });
    expect(ended).toBe(false);
    const drained = pool.drain();
    slow.open();
    await drained;
    expect(ended).toBe(true);
  });

  it('hands on two versions of one record one after the other, in the order added', async () => {
    const pool = new HandOverPool(8);
    const first = gate();
    const order: string[] = [];
    await pool.add('42', async () => {
      await first.promise;
      order.push('42@1');
    });
    await pool.add('7', async () => {
      order.push('7@1');
    });
    await pool.add('42', async () => {
      order.push('42@2');
    });
    await turn();
    expect(order).toEqual(['7@1']);
    first.open();
    await pool.drain();
    expect(order).toEqual(['7@1', '42@1', '42@2']);
  });

  it('throws the first failure from the next add and from drain', async () => {
    const pool = new HandOverPool(1);
    await pool.add('a', () => Promise.reject(new Error('the link could not be started')));
    await expect(pool.add('b', () => Promise.resolve())).rejects.toThrow('the link could not be started');
    await expect(pool.drain()).rejects.toThrow('the link could not be started');
  });

  it('settles: waits for every hand-over whatever became of them', async () => {
    const pool = new HandOverPool(2);
    const slow = gate();
    let ended = false;
    await pool.add('b', async () => {
      await slow.promise;
      ended = true;
    });
    await pool.add('a', () => Promise.reject(new Error('refused')));
    const settled = pool.settle();
    slow.open();
    await settled;
    expect(ended).toBe(true);
  });
});
