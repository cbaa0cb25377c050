/**
 * A stopped worker closes its client connection only once no call it made can still be retrying. The SDK retries
 * a failed call from a timer, and a timer that fires on a closed channel throws out of the timer: the worker that
 * had stopped died with exit code 1. No server here on purpose: a refused port keeps the call retrying.
 */
import { Client, Connection } from '@temporalio/client';
import { closeWhenRetriesEnd } from '../../temporal/connection';

test('a call still retrying when the connection is let go ends as a failed call, not as an uncaught exception', async () => {
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  const client = new Client({ connection });
  const call = client.workflow.getHandle('any-workflow').describe();
  // Let the first attempt fail, so that the call waits in its back-off.
  await new Promise((resolve) => setTimeout(resolve, 300));
  closeWhenRetriesEnd(connection);
  await expect(call).rejects.toThrow();
}, 90_000);
