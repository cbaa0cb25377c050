import { InlineAdmissions } from '../../activities/live-lane';

describe('InlineAdmissions', () => {
  function admissionsAt(clock: { now: number }, perWindow = 4, windowMs = 2_000): InlineAdmissions {
    return new InlineAdmissions(perWindow, windowMs, () => clock.now);
  }

  it('admits a live change at a quiet target', () => {
    const clock = { now: 0 };
    expect(admissionsAt(clock).admit('chargebee', true)).toBe(true);
  });

  it('never admits while requests wait for the target budget', () => {
    const clock = { now: 0 };
    expect(admissionsAt(clock).admit('chargebee', false)).toBe(false);
  });

  it('admits only a few of a burst at an untouched target, and the rest go to the queue', () => {
    const clock = { now: 0 };
    const admissions = admissionsAt(clock);
    const burst = Array.from({ length: 300 }, () => admissions.admit('chargebee', true));
    expect(burst.filter(Boolean)).toHaveLength(4);
  });

  it('never admits while the worker is busy with many links', () => {
    const clock = { now: 0 };
    const admissions = admissionsAt(clock);
    expect(admissions.admit('chargebee', true, 9)).toBe(false);
    expect(admissions.admit('chargebee', true, 8)).toBe(true);
  });

  it('admits again once the window has passed, and counts each target system apart', () => {
    const clock = { now: 0 };
    const admissions = admissionsAt(clock);
    for (let index = 0; index < 4; index += 1) admissions.admit('chargebee', true);
    expect(admissions.admit('chargebee', true)).toBe(false);
    expect(admissions.admit('poweroffice-go', true)).toBe(true);
    clock.now = 2_000;
    expect(admissions.admit('chargebee', true)).toBe(true);
  });
});
