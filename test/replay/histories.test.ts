/**
 * Replays every history recorded from real runs (test/histories/*.json) against the current workflow code.
 * A change that breaks determinism fails here, before it can break a running link. Needs no server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { loadHistory } from '../support/histories';

const HISTORIES = path.join(__dirname, '..', 'histories');
const files = fs.existsSync(HISTORIES)
  ? fs
      .readdirSync(HISTORIES)
      .filter((file) => file.endsWith('.json'))
      .sort()
  : [];

test('recorded histories exist for the scenarios that matter, for every workflow type', () => {
  expect(files).toEqual(
    expect.arrayContaining([
      'order-waits-for-customer.json',
      'parked-link.json',
      'reverse-edit.json',
      'link-continue-as-new.json',
      'record-writer-fan-out.json',
      'merge-link-first.json',
      'poller-passes.json',
      // Recorded after the fault fixes: the patched branches.
      'order-waits-in-workflow.json',
      'link-held-through-outage.json',
      'record-after-outage.json',
      'merge-unavailable-then-linked.json',
      'poller-survives-failures.json',
      'order-settles-from-invoice.json',
      'link-live-lane.json',
      'link-born-with-patches.json',
      'link-memo-apart.json',
      'link-starts-with-event.json',
      'link-demanded-by-update.json',
      'poller-head-read.json',
      'record-live-stops-backlog.json',
      'link-demand-waited-by-backlog.json',
      'link-starts-linked.json',
      'merge-inline-only-unavailable.json',
      'poller-head-leaves-pass.json',
      'poller-head-meets-pass.json',
      'record-observations-inline.json',
      'link-target-changes-inline.json',
    ]),
  );
});

test.each(files)(
  '%s replays deterministically on the current workflow code',
  async (file) => {
    const history = loadHistory(path.join(HISTORIES, file));
    await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, file);
  },
  60_000,
);
