import { budgetWaitOf, InlineAdmissions, REQUESTS_PER_INLINE_MERGE } from '../../activities/live-lane';
import type { TokenBucket } from '../../connectors/common/token-bucket';
import { perMinuteBudget as perMinute, perSecondBudget } from '../support/budgets';

const waitOf =
  (bucket: TokenBucket) =>
  (requests: number): number =>
    bucket.expectedWaitMs(requests);

describe('InlineAdmissions', () => {
  it('admits a live change at a quiet target', () => {
    expect(new InlineAdmissions().admit('chargebee', waitOf(perMinute(1_000)))).toBeDefined();
  });

  it('admits none while a backlog waits for the target budget (a first sync)', async () => {
    const bucket = perMinute(1_000);
    for (let index = 0; index < 20; index += 1) await bucket.acquire('backlog');
    // A second of the budget's requests wait (the clock stands still, so they wait for good).
    for (let index = 0; index < 17; index += 1) void bucket.acquire('backlog');
    expect(bucket.waitingCount()).toBe(16);
    expect(new InlineAdmissions().admit('chargebee', waitOf(bucket))).toBeUndefined();
  });

  it('admits of a burst only what the budget serves within the admission wait, the rest take the queue', () => {
    const burst = (bucket: TokenBucket): number => {
      const admissions = new InlineAdmissions();
      return Array.from({ length: 300 }, () => admissions.admit('chargebee', waitOf(bucket))).filter(Boolean).length;
    };
    // A test site (150/min) serves one find-or-create in a second; a Performance site (1,000/min) twelve.
    expect(burst(perMinute(150))).toBe(1);
    expect(burst(perMinute(1_000))).toBe(12);
    // PowerOffice GO's 10 requests a second serve three.
    expect(burst(perSecondBudget(10))).toBe(3);
    // With the limits raised, all of them.
    expect(burst(perMinute(10_000_000))).toBe(300);
  });

  it('admits again once an admitted merge has answered, and counts each target system apart', () => {
    const admissions = new InlineAdmissions();
    const chargebee = waitOf(perMinute(150));
    const release = admissions.admit('chargebee', chargebee);
    expect(admissions.admit('chargebee', chargebee)).toBeUndefined();
    expect(admissions.admit('poweroffice-go', waitOf(perSecondBudget(10)))).toBeDefined();
    release?.();
    release?.(); // a second release counts once
    expect(admissions.underWay('chargebee')).toBe(0);
    expect(admissions.admit('chargebee', chargebee)).toBeDefined();
  });

  it('asks the budget for every admitted merge under way and the new one', () => {
    const asked: number[] = [];
    const admissions = new InlineAdmissions();
    const wait = (requests: number): number => {
      asked.push(requests);
      return 0;
    };
    admissions.admit('chargebee', wait);
    admissions.admit('chargebee', wait);
    expect(asked).toEqual([REQUESTS_PER_INLINE_MERGE, 2 * REQUESTS_PER_INLINE_MERGE]);
  });
});

describe('budgetWaitOf', () => {
  it("uses the connector's budget wait", () => {
    expect(budgetWaitOf({ budgetWaitMs: (requests) => requests * 10 })(3)).toBe(30);
  });

  it('without one, waits nothing while nothing waits for the budget, and too long otherwise', () => {
    expect(budgetWaitOf({ waitingRequests: () => 0 })(3)).toBe(0);
    expect(budgetWaitOf({ waitingRequests: () => 1 })(3)).toBe(Number.POSITIVE_INFINITY);
    expect(budgetWaitOf({})(3)).toBe(Number.POSITIVE_INFINITY);
  });
});
