/**
 * The phases after the initial sync has begun: fresh changes during the backfill, the idle window, the first
 * edit after it, the propagation of a stream of edits, a batch of new records, and throughput with the limits
 * raised. Every edit is made in a sandbox's store, as a person makes it in the system's web app (see
 * stores.ts), and its arrival read from the other system's store.
 */
import { syncProgress, waitUntilSettled } from '../client/sync-control';
import { groupCpuSeconds, machineStealSeconds, type RssSampler } from './processes';
import { at, clock, DATAFLOW, MINUTE, readStats, sleep, type BenchContext } from './context';
import type { Latency, PerChange, BenchReport, MemoryAtLinks } from './report';
import { statsBetween, writesOf, type Vendor } from '../harness/sandbox-admin';
import type { NewPerson } from './stores';
import type { TemporalCounts, Window } from './temporal-cost';
import { linkedSubjects, percentile, type Arrival, type Subject } from './watch';
import { changeTimeline } from './timeline';
import { linkWorkflowId, mergeWorkflowId, pollerWorkflowId, recordWorkflowId } from '../model/ids';
import { mappingsForSourceRecord, mergeKeyOf } from '../dataflows/engine';
import { mergeKeyHash } from '../activities/workflow-messaging';
import { pollerStateQuery } from '../workflows/messages';
import { DEFAULT_IDLE_CEILING_MS, nextPollDelayMs } from '../workflows/poll-interval';

const subjectKey = (subject: Subject): string => `${subject.resource}/${subject.sourceId}`;

/**
 * Linked persons, those no earlier phase used first (the others follow, for when there are too few). During a
 * first sync none may be linked yet (the contact persons and employees give way to the customers and orders):
 * then it asks again every `retryMs` until `waitMs` has passed.
 */
async function freshSubjects(context: BenchContext, waitMs = 0, retryMs = 15_000): Promise<Subject[]> {
  const deadline = Date.now() + waitMs;
  let all = await linkedSubjects(context.client, context.idPrefix, DATAFLOW);
  while (all.length === 0 && Date.now() + retryMs <= deadline) {
    await sleep(retryMs, context.signal);
    all = await linkedSubjects(context.client, context.idPrefix, DATAFLOW);
  }
  if (all.length === 0) throw new Error('no linked contact person or employee to edit');
  const used = (subject: Subject): boolean => context.usedSubjects.has(subjectKey(subject));
  return [...all.filter((subject) => !used(subject)), ...all.filter(used)];
}

function use(context: BenchContext, subject: Subject): Subject {
  context.usedSubjects.add(subjectKey(subject));
  return subject;
}

/** How long one write takes at a vendor's budget, ms. */
function writeMs(context: BenchContext, vendor: Vendor): number {
  const { budgets } = context.options;
  return vendor === 'chargebee' ? 60_000 / budgets.chargebeePerMinute : 1_000 / budgets.powerofficePerSecond;
}

function people(stamp: string, label: string, count: number): NewPerson[] {
  return Array.from({ length: count }, (_unused, index) => ({
    FirstName: `Bænch ${label} ${index + 1}`,
    LastName: `Ytelse-${stamp}`,
    EmailAddress: `bench.${label}.${index + 1}.${stamp}@example.no`,
  }));
}

/**
 * Makes a change in a sandbox's store and says when it was committed, the moment it exists for linkflow's
 * pollers. The benchmark writes to the store the sandbox is busy writing (during a first sync, many times a
 * second) and may wait for its lock; that wait is the benchmark's, not linkflow's, so latencies count from the
 * commit. Waits over a tenth of a second are reported.
 */
function committed<T>(context: BenchContext, what: string, write: () => T): { result: T; madeAt: number } {
  const before = Date.now();
  const result = write();
  const madeAt = Date.now();
  if (madeAt - before > 100) context.out(`    (${what}: the store took ${madeAt - before} ms to commit the change)`);
  return { result, madeAt };
}

/** A PowerOffice edit (LastName) and its arrival in Chargebee. */
function editInPowerOffice(
  context: BenchContext,
  subject: Subject,
  value: string,
  timeoutMs: number,
): Promise<Arrival> {
  const label = `${subject.resource} ${subject.sourceId} LastName`;
  const { madeAt } = committed(context, label, () =>
    context.po.edit(subject.resource, subject.sourceId, { LastName: value }),
  );
  return context.watcher.watch(
    label,
    madeAt,
    () => context.cb.customer(subject.targetId)?.last_name === value,
    timeoutMs,
  );
}

/** A Chargebee edit (first_name) and its arrival in PowerOffice. */
function editInChargebee(context: BenchContext, subject: Subject, value: string, timeoutMs: number): Promise<Arrival> {
  const label = `customer ${subject.targetId} first_name`;
  const { madeAt } = committed(context, label, () => context.cb.edit(subject.targetId, { first_name: value }));
  return context.watcher.watch(
    label,
    madeAt,
    () => context.po.get(subject.resource, subject.sourceId)?.['FirstName'] === value,
    timeoutMs,
  );
}

/** A new contact person in PowerOffice GO, and its arrival in Chargebee (a customer with linkflow's id for it). */
function createContactPerson(
  context: BenchContext,
  label: string,
  timeoutMs: number,
): { id: string; arrival: Promise<Arrival> } {
  const organisation = context.po.anOrganisation();
  const { result: ids, madeAt } = committed(context, `the ${label} contact person`, () =>
    context.po.createContactPersons(organisation, people(context.stamp, label, 1)),
  );
  const [id] = ids;
  if (id === undefined) throw new Error(`the ${label} contact person got no id`);
  context.usedSubjects.add(`ContactPersons/${id}`);
  const arrival = context.watcher.watch(
    `${label} contact person ${id}`,
    madeAt,
    () => context.cb.customer(`pogo-cp-${id}`) !== undefined,
    timeoutMs,
  );
  return { id, arrival };
}

/** During the backfill: a new contact person in PowerOffice, and an edit of a linked Chargebee customer. */
export async function freshChanges(context: BenchContext): Promise<NonNullable<BenchReport['fresh']>> {
  const { id, arrival: created } = createContactPerson(context, 'fresh', 60 * MINUTE);
  const [subject] = await freshSubjects(context, 30 * MINUTE);
  if (!subject) throw new Error('no linked record to edit in Chargebee');
  const edited = editInChargebee(context, use(context, subject), `Fersk-${context.stamp}`, 60 * MINUTE);
  context.out(
    `  ${at(context)} fresh changes made: contact person ${id} created in PowerOffice GO, ` +
      `customer ${subject.targetId} edited in Chargebee`,
  );
  const [newContactPerson, chargebeeEdit] = await Promise.all([created, edited]);
  // Two poll intervals of the side where the change was made (as in force), plus its writes on the other side.
  const bound = (from: Vendor, to: Vendor): number => 2 * context.intervalsMs[from] + writeMs(context, to);
  const result = {
    newContactPerson: { ms: newContactPerson.ms, boundMs: bound('poweroffice-go', 'chargebee') },
    chargebeeEdit: { ms: chargebeeEdit.ms, boundMs: bound('chargebee', 'poweroffice-go') },
  };
  const text = (latency: Latency): string => (latency.ms === undefined ? 'not arrived' : clock(latency.ms));
  context.out(
    `  ${at(context)} fresh changes arrived: new contact person after ${text(result.newContactPerson)}, ` +
      `Chargebee edit after ${text(result.chargebeeEdit)}`,
  );
  const prefix = context.config.workflowIdPrefix;
  // The merge workflow the new contact person's link asked: named by its merge key, as the link named it.
  const flow = context.flows.find((candidate) => candidate.id === DATAFLOW);
  const data = context.po.get('ContactPersons', id) ?? {};
  const mapping = flow ? mappingsForSourceRecord(flow, 'ContactPersons', data).mappings[0] : undefined;
  const key = mapping ? mergeKeyOf(mapping, data) : undefined;
  const carriers = [
    pollerWorkflowId(prefix, 'poweroffice-go', 'ContactPersons'),
    linkWorkflowId(prefix, DATAFLOW, 'ContactPersons', id),
    ...(key ? [mergeWorkflowId(prefix, 'chargebee', 'customer', mergeKeyHash(key.field, key.value))] : []),
    recordWorkflowId(prefix, { system: 'chargebee', type: 'customer', id: `pogo-cp-${id}` }),
    pollerWorkflowId(prefix, 'chargebee', 'customer'),
    recordWorkflowId(prefix, { system: 'chargebee', type: 'customer', id: subject.targetId }),
    linkWorkflowId(prefix, DATAFLOW, subject.resource, subject.sourceId),
  ];
  context.out(`  the workflows that carried them (seconds after the changes were made):`);
  for (const line of await changeTimeline(context.client, carriers, newContactPerson.madeAt, Date.now()))
    context.out(`    ${line}`);
  return result;
}

export interface SteadyResult {
  figures: Omit<NonNullable<BenchReport['steady']>, 'temporal'>;
  window: Window;
}

/** Nothing edited for the window: what the sync still asks of each vendor. */
export async function steadyState(context: BenchContext): Promise<SteadyResult> {
  const minutes = context.options.steadyMs / MINUTE;
  context.out(`\n${at(context)} Steady state: ${minutes} min with nothing edited…`);
  const before = await readStats(context.admins);
  const from = Date.now();
  await sleep(context.options.steadyMs, context.signal);
  const after = await readStats(context.admins);
  const to = Date.now();
  const perMinute = (vendor: Vendor): number =>
    (statsBetween(before[vendor], after[vendor]).requests * MINUTE) / (to - from);
  const budgetPerMinute: Record<Vendor, number> = {
    'poweroffice-go': context.options.budgets.powerofficePerSecond * 60,
    chargebee: context.options.budgets.chargebeePerMinute,
  };
  const rates = { 'poweroffice-go': perMinute('poweroffice-go'), chargebee: perMinute('chargebee') };
  const writes =
    writesOf(statsBetween(before['poweroffice-go'], after['poweroffice-go'])) +
    writesOf(statsBetween(before.chargebee, after.chargebee));
  return {
    figures: {
      minutes,
      perMinute: rates,
      percentOfBudget: {
        'poweroffice-go': (rates['poweroffice-go'] / budgetPerMinute['poweroffice-go']) * 100,
        chargebee: (rates.chargebee / budgetPerMinute.chargebee) * 100,
      },
      writes,
    },
    window: { name: 'steady', from, to },
  };
}

/** One edit in each system right after the idle window, when the pollers have backed off the most. */
export async function firstEditAfterIdle(context: BenchContext): Promise<NonNullable<BenchReport['idleEdit']>> {
  const [first, second] = await freshSubjects(context);
  if (!first || !second) throw new Error('two linked records are needed for the edits after the idle window');
  const value = `Etter-${context.stamp}`;
  const [toChargebee, toPowerOffice] = await Promise.all([
    editInPowerOffice(context, use(context, first), value, 10 * MINUTE),
    editInChargebee(context, use(context, second), value, 10 * MINUTE),
  ]);
  context.out(
    `  ${at(context)} first edits after the idle window arrived: to Chargebee after ` +
      `${toChargebee.ms === undefined ? 'n/a' : clock(toChargebee.ms)}, to PowerOffice GO after ` +
      `${toPowerOffice.ms === undefined ? 'n/a' : clock(toPowerOffice.ms)}`,
  );
  return {
    powerOfficeToChargebee: { ms: toChargebee.ms, boundMs: MINUTE },
    chargebeeToPowerOffice: { ms: toPowerOffice.ms, boundMs: MINUTE },
  };
}

/**
 * A stream of edits on linked records, alternating between the systems, spaced so that the writes they cause
 * stay well inside the budgets (half the edits cause Chargebee writes).
 */
export async function propagation(context: BenchContext): Promise<NonNullable<BenchReport['propagation']>> {
  const edits = context.options.edits;
  // Every other edit (those made in PowerOffice) causes about one Chargebee write: one every 6 / budget minutes
  // keeps them within a sixth of Chargebee's budget (25/min of a test site's 150), beside the pollers.
  const spacingMs = Math.max(250, Math.round((3 * 60_000) / context.options.budgets.chargebeePerMinute));
  const subjects = await freshSubjects(context);
  context.out(
    `\n${at(context)} Propagation: ${edits} edits on ${Math.min(edits, subjects.length)} linked records, ` +
      `one every ${(spacingMs / 1000).toFixed(1)} s, half in each system…`,
  );
  type Side = 'toChargebee' | 'toPowerOffice';
  const arrivals: Promise<Arrival & { side: Side; pauseMs: number }>[] = [];
  for (let index = 0; index < edits; index += 1) {
    const subject = use(context, subjects[index % subjects.length] as Subject);
    const value = `Endrå${index + 1}-${context.stamp}`;
    if (index % 2 === 0) {
      const pauseMs = await pauseInForce(context, 'poweroffice-go', subject.resource);
      arrivals.push(
        editInPowerOffice(context, subject, value, 15 * MINUTE).then((a) => ({
          ...a,
          side: 'toChargebee' as const,
          pauseMs,
        })),
      );
    } else {
      const pauseMs = await pauseInForce(context, 'chargebee', 'customer');
      arrivals.push(
        editInChargebee(context, subject, value, 15 * MINUTE).then((a) => ({
          ...a,
          side: 'toPowerOffice' as const,
          pauseMs,
        })),
      );
    }
    await sleep(spacingMs, context.signal);
  }
  const done = await Promise.all(arrivals);
  const times = (side?: 'toChargebee' | 'toPowerOffice'): number[] =>
    done.filter((a) => side === undefined || a.side === side).flatMap((a) => (a.ms === undefined ? [] : [a.ms]));
  // Each edit's own bound: two pauses of the poller that sees it, as in force when the edit was made (a poller
  // still at its idle pause when the stream begins sees the first edits later than one at its base interval).
  const ofBound = (side: Side): number[] =>
    done.filter((a) => a.side === side).flatMap((a) => (a.ms === undefined ? [] : [a.ms / (2 * a.pauseMs)]));
  const all = times();
  const result = {
    edits,
    arrived: all.length,
    p50Ms: percentile(all, 0.5),
    p99Ms: percentile(all, 0.99),
    maxMs: all.length > 0 ? Math.max(...all) : undefined,
    byDirection: {
      toChargebee: {
        p50Ms: percentile(times('toChargebee'), 0.5),
        p99Ms: percentile(times('toChargebee'), 0.99),
        p99OfBound: percentile(ofBound('toChargebee'), 0.99),
      },
      toPowerOffice: {
        p50Ms: percentile(times('toPowerOffice'), 0.5),
        p99Ms: percentile(times('toPowerOffice'), 0.99),
        p99OfBound: percentile(ofBound('toPowerOffice'), 0.99),
      },
    },
    overTheirBound: done.filter((a) => a.ms === undefined || a.ms > 2 * a.pauseMs).length,
    pausesInForceMs: {
      min: Math.min(...done.map((a) => a.pauseMs)),
      max: Math.max(...done.map((a) => a.pauseMs)),
    },
    spacingMs,
    // The slowest edits, to be followed through their workflows' histories (when each was made, and where).
    slowest: done
      .flatMap((a) =>
        a.ms === undefined ? [] : [{ label: a.label, side: a.side, madeAt: a.madeAt, ms: a.ms, pauseMs: a.pauseMs }],
      )
      .sort((x, y) => y.ms - x.ms)
      .slice(0, 3)
      .map((a) => ({
        label: a.label,
        direction: a.side,
        madeAt: new Date(a.madeAt).toISOString(),
        ms: a.ms,
        pauseMs: a.pauseMs,
      })),
  };
  context.out(
    `  ${at(context)} ${result.arrived} of ${edits} edits arrived; p50 ${clock(result.p50Ms ?? 0)}, ` +
      `p99 ${clock(result.p99Ms ?? 0)}`,
  );
  for (const slow of result.slowest)
    context.out(
      `    slowest: ${slow.label}, made ${slow.madeAt} (its poller's pause then ${slow.pauseMs / 1000} s), ` +
        `arrived after ${(slow.ms / 1000).toFixed(1)} s`,
    );
  return result;
}

/**
 * The pause a poller is in now: its interval, or longer after idle passes. "Two poll intervals at the interval in
 * force" for an edit made now means two of these.
 */
async function pauseInForce(context: BenchContext, system: string, resource: string): Promise<number> {
  const id = pollerWorkflowId(context.config.workflowIdPrefix, system, resource);
  const state = await context.client.workflow.getHandle(id).query(pollerStateQuery);
  return nextPollDelayMs(state.intervalMs, state.idlePasses, DEFAULT_IDLE_CEILING_MS);
}

/** Waits until the sync has settled (visibility), returning the first quiet check of the final streak. */
export async function settle(
  context: BenchContext,
  timeoutMs: number,
): Promise<{ at: number; byStatus: Record<string, number> }> {
  let firstQuiet: number | undefined;
  let previous = '';
  const progress = await waitUntilSettled(context.client, context.config, context.flows, {
    timeoutMs,
    // Each check lists every running link: the benchmark company has tens of thousands.
    intervalMs: context.options.mode === 'quick' ? 1_000 : 5_000,
    onProgress: (p) => {
      const quiet = p.links > 0 && p.settled === p.links && p.pollersCaughtUp === p.pollers;
      const fingerprint = JSON.stringify(p.byStatus);
      if (!quiet) firstQuiet = undefined;
      else if (fingerprint !== previous || firstQuiet === undefined) firstQuiet = Date.now();
      previous = fingerprint;
    },
  });
  return { at: firstQuiet ?? Date.now(), byStatus: progress.byStatus };
}

export interface BatchResult {
  arrived: number;
  window: Window;
}

/** New contact persons created at once after the sync settled: the Temporal cost of a small batch. */
export async function batch(context: BenchContext): Promise<BatchResult> {
  const count = context.options.batch;
  context.out(`\n${at(context)} Batch: ${count} new contact persons in PowerOffice GO…`);
  const organisation = context.po.anOrganisation();
  const from = Date.now();
  const ids = context.po.createContactPersons(organisation, people(context.stamp, 'batch', count));
  for (const id of ids) context.usedSubjects.add(`ContactPersons/${id}`);
  const arrivals = await Promise.all(
    ids.map((id) =>
      context.watcher.watch(`batch ${id}`, from, () => context.cb.customer(`pogo-cp-${id}`) !== undefined, 15 * MINUTE),
    ),
  );
  const settled = await settle(context, 15 * MINUTE);
  const arrived = arrivals.filter((arrival) => arrival.ms !== undefined).length;
  const last = Math.max(...arrivals.map((arrival) => arrival.ms ?? 0));
  context.out(`  ${at(context)} ${arrived} of ${count} arrived in Chargebee, the last after ${clock(last)}`);
  return { arrived, window: { name: 'batch', from, to: Math.max(settled.at, from + last) } };
}

/**
 * The awaited persons' customers that reached Chargebee since the last call: read as the customers changed since
 * the last look (with a second's overlap, for writes that commit out of order), not looked up one by one.
 */
function arrivalsOf(context: BenchContext, remaining: Set<string>, from: number): () => number {
  let seenUntil = from - 1_000;
  return () => {
    let arrived = 0;
    for (const changed of context.cb.customersChangedAfter(seenUntil - 1_000)) {
      seenUntil = Math.max(seenUntil, changed.changedAt);
      if (remaining.delete(changed.id)) arrived += 1;
    }
    return arrived;
  };
}

export interface ThroughputResult {
  figures: NonNullable<BenchReport['throughput']>;
  window: Window;
}

/**
 * With the limits raised (sandboxes and the worker's budgets), many new contact persons at once: how many
 * record changes per second linkflow carries end to end when Temporal, not an API, binds.
 */
export async function throughput(context: BenchContext): Promise<ThroughputResult> {
  const count = context.options.throughputRecords;
  const organisation = context.po.anOrganisation();
  // The burst comes while the sync is at work, as a busy company's would, not after a quiet spell: a poller that
  // found nothing lately waits up to its idle ceiling (30 s) before its next read, a latency the idle figures
  // measure and no speed of the pipeline shortens (docs/DECISIONS.md 139). So one person goes first, and the
  // burst follows as soon as that person has arrived. It still waits for the next poll, at the interval `sync
  // start` derives from the raised budgets (159).
  const warmUp = await createContactPerson(context, 'warm-up', 5 * MINUTE).arrival;
  context.out(
    `  ${at(context)} the warm-up person arrived after ${warmUp.ms === undefined ? 'n/a' : clock(warmUp.ms)}`,
  );
  const parts = ['worker', 'server', 'sandboxes'].flatMap((name) => {
    const child = context.children.get(name);
    return child ? [{ name: name === 'server' ? 'Temporal server' : name, pid: child.pid }] : [];
  });
  const cpuBefore = parts.map((part) => groupCpuSeconds(part.pid));
  const ownCpuBefore = process.cpuUsage();
  const stealBefore = machineStealSeconds();
  const from = Date.now();
  const ids = context.po.createContactPersons(organisation, people(context.stamp, 'load', count));
  context.out(`  ${at(context)} created ${ids.length} contact persons in PowerOffice GO; waiting for Chargebee…`);
  const remaining = new Set(ids.map((id) => `pogo-cp-${id}`));
  const arrivedAt: number[] = [];
  const deadline = from + 60 * MINUTE;
  let lastReport = Date.now();
  const arrivals = arrivalsOf(context, remaining, from);
  while (remaining.size > 0 && Date.now() < deadline) {
    await sleep(250, context.signal);
    const now = Date.now();
    for (let count = arrivals(); count > 0; count -= 1) arrivedAt.push(now);
    if (now - lastReport > 15_000) {
      lastReport = now;
      context.out(`  ${at(context)} ${arrivedAt.length} of ${count} in Chargebee`);
    }
  }
  const first = Math.min(...arrivedAt);
  const last = Math.max(...arrivedAt);
  const firstSeenAt = await burstFirstSeenAt(context, ids);
  const cpuPercent: Record<string, number> = {};
  const wallSeconds = (Date.now() - from) / 1000;
  parts.forEach((part, index) => {
    cpuPercent[part.name] = ((groupCpuSeconds(part.pid) - (cpuBefore[index] ?? 0)) / wallSeconds) * 100;
  });
  const ownCpu = process.cpuUsage(ownCpuBefore);
  cpuPercent['benchmark'] = ((ownCpu.user + ownCpu.system) / 1e6 / wallSeconds) * 100;
  cpuPercent['taken by the host'] = ((machineStealSeconds() - stealBefore) / wallSeconds) * 100;
  const seconds = arrivedAt.length > 0 ? (last - from) / 1000 : (Date.now() - from) / 1000;
  const figures = {
    records: count,
    pollIntervalMs: context.intervalsMs['poweroffice-go'],
    arrived: arrivedAt.length,
    seconds,
    perSecond: arrivedAt.length / Math.max(0.001, seconds),
    sustainedPerSecond: arrivedAt.length > 1 ? (arrivedAt.length - 1) / Math.max(0.001, (last - first) / 1000) : 0,
    firstArrivalSeconds: arrivedAt.length > 0 ? (first - from) / 1000 : 0,
    ...(firstSeenAt !== undefined && arrivedAt.length > 0
      ? {
          firstSeenSeconds: (firstSeenAt - from) / 1000,
          fromFirstSightPerSecond: arrivedAt.length / Math.max(0.001, (last - firstSeenAt) / 1000),
        }
      : {}),
    cpuPercent,
  };
  context.out(
    `  ${at(context)} ${figures.arrived} of ${count} in ${figures.seconds.toFixed(1)} s: ` +
      `${figures.perSecond.toFixed(1)}/s end to end, ${figures.sustainedPerSecond.toFixed(1)}/s after the first` +
      (figures.fromFirstSightPerSecond === undefined
        ? ''
        : `, ${figures.fromFirstSightPerSecond.toFixed(1)}/s from the poller's first sight (after ${figures.firstSeenSeconds?.toFixed(1)} s)`),
  );
  return { figures, window: { name: 'throughput', from, to: arrivedAt.length > 0 ? last : Date.now() } };
}

/**
 * New persons the memory phase makes at one instant, a step: well within what a change cursor keeps
 * (docs/DECISIONS.md 148).
 */
const MEMORY_STEP = 2_000;

/**
 * The worker's memory at a large sync: new contact persons, with the limits still raised, until the sync holds
 * `targetLinks` links (the benchmark company alone makes about 42,000). They are made at once, a step at a time a
 * few milliseconds apart: a step's persons share one change time, as a bulk load's do, and a step stays well
 * within what a change cursor keeps (docs/DECISIONS.md 148). The worker's RSS is noted each time the links pass
 * another 10,000; its peak over the phase is the figure judged against 400 MB.
 */
export async function memoryAtLinks(
  context: BenchContext,
  targetLinks: number,
  sampler: RssSampler,
): Promise<MemoryAtLinks> {
  const from = Date.now();
  const startLinks = Object.values(await linkStatuses(context)).reduce((sum, count) => sum + count, 0);
  const startMiB = sampler.lastMiB();
  const wanted = Math.max(0, targetLinks - startLinks);
  context.out(
    `\n${at(context)} Memory: ${wanted} new contact persons, in steps of ${MEMORY_STEP}, to take the sync from ${startLinks} to ${targetLinks} links…`,
  );
  const organisation = context.po.anOrganisation();
  const deadline = from + 120 * MINUTE;
  const remaining = new Set<string>();
  const series: MemoryAtLinks['series'] = [];
  let made = 0;
  let arrived = 0;
  let step = 0;
  let lastReport = Date.now();
  while (made < wanted) {
    step += 1;
    const count = Math.min(MEMORY_STEP, wanted - made);
    const ids = context.po.createContactPersons(organisation, people(context.stamp, `memory-${step}`, count));
    for (const id of ids) remaining.add(`pogo-cp-${id}`);
    made += count;
    await sleep(5, context.signal);
  }
  const arrivals = arrivalsOf(context, remaining, from);
  while (remaining.size > 0 && Date.now() < deadline) {
    await sleep(500, context.signal);
    const before = startLinks + arrived;
    arrived += arrivals();
    const links = startLinks + arrived;
    if (Math.floor(links / 10_000) > Math.floor(before / 10_000)) series.push({ links, mib: sampler.lastMiB() });
    if (Date.now() - lastReport > 60_000) {
      lastReport = Date.now();
      context.out(`  ${at(context)} ${startLinks + arrived} links; worker RSS ${Math.round(sampler.lastMiB())} MiB`);
    }
  }
  const links = startLinks + arrived;
  const figures: MemoryAtLinks = {
    targetLinks,
    startLinks,
    links,
    seconds: (Date.now() - from) / 1000,
    startMiB,
    peakMiB: sampler.peakMiBSince(from),
    lastMiB: sampler.lastMiB(),
    series: [...series, { links, mib: sampler.lastMiB() }],
  };
  context.out(
    `  ${at(context)} ${links} links: worker RSS peak ${Math.round(figures.peakMiB)} MiB, last ${Math.round(figures.lastMiB)} MiB (${Math.round(startMiB)} MiB at ${startLinks})`,
  );
  return figures;
}

/**
 * When the poller first saw the burst: the earliest start of the first persons' links (it reads the pages in the
 * order they were made). Before it, the burst waits for the poll in force, which after a quiet spell is the idle
 * interval (up to 30 s): a latency that no speed of the pipeline shortens.
 */
async function burstFirstSeenAt(context: BenchContext, ids: readonly (string | number)[]): Promise<number | undefined> {
  const starts = await Promise.all(
    ids.slice(0, 10).map(async (id) => {
      const workflowId = linkWorkflowId(context.idPrefix, DATAFLOW, 'ContactPersons', String(id));
      try {
        return (await context.client.workflow.getHandle(workflowId).describe()).startTime.getTime();
      } catch {
        return undefined;
      }
    }),
  );
  const known = starts.filter((start): start is number => start !== undefined);
  return known.length > 0 ? Math.min(...known) : undefined;
}

/** Temporal cost per record change from the counts of a window. */
export function perChange(
  counts: TemporalCounts | undefined,
  changes: number,
  idleActions?: number,
): PerChange | undefined {
  if (!counts || changes <= 0) return undefined;
  return {
    changes,
    actions: counts.actions,
    actionsPerChange: counts.actions / changes,
    ...(idleActions === undefined ? {} : { actionsPerChangeAboveIdle: (counts.actions - idleActions) / changes }),
    actionsPerChangeWithoutPollers: (counts.actions - counts.actionsByKind.poller) / changes,
    workflowTasksPerChange: counts.workflowTasks / changes,
    activitiesPerChange: counts.activities / changes,
    counts,
  };
}

/** Links by status right now (visibility). */
export async function linkStatuses(context: BenchContext): Promise<Record<string, number>> {
  return (await syncProgress(context.client, context.config, context.flows)).byStatus;
}
