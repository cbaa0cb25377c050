/**
 * The benchmark's history scan reads a history whose events add up to more than the 4 MB a server message may
 * carry. Signals with a megabyte each, to a workflow no worker serves, make such a history without any code of
 * ours running in it.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../config/config';
import { historyReadingClient, readWholeHistory } from '../../temporal/read-history';

describe('reading a large history', () => {
  let client: Client;
  beforeAll(async () => {
    client = await historyReadingClient(loadConfig(process.env));
  });
  afterAll(async () => {
    await client.connection.close();
  });

  test('a history of 6 MB is read whole', async () => {
    const handle = await client.workflow.start('noWorkerServesThis', {
      taskQueue: `unserved-${randomUUID()}`,
      workflowId: `large-history-${randomUUID()}`,
    });
    const megabyte = 'x'.repeat(1024 * 1024);
    for (let signal = 0; signal < 6; signal += 1) await handle.signal('padding', megabyte);
    try {
      const events = await readWholeHistory(client, handle.workflowId);
      const signals = events.filter((event) => event.workflowExecutionSignaledEventAttributes);
      expect(signals).toHaveLength(6);
    } finally {
      await handle.terminate('test done');
    }
  }, 60_000);
});
