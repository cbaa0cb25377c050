/**
 * Heartbeats go out from queued activities only: the same link code also runs inline, as a local activity, where
 * the SDK has no heartbeat to send and warned about each one.
 */
import { asyncLocalStorage, type Context } from '@temporalio/activity';
import { heartbeatIfQueued } from '../../activities/keep-alive';

function heartbeatsSent(isLocal: boolean): number {
  let sent = 0;
  const context = { info: { isLocal }, heartbeat: () => (sent += 1) } as unknown as Context;
  asyncLocalStorage.run(context, () => heartbeatIfQueued());
  return sent;
}

describe('heartbeatIfQueued', () => {
  it('heartbeats from a queued activity', () => {
    expect(heartbeatsSent(false)).toBe(1);
  });

  it('sends nothing from a local activity', () => {
    expect(heartbeatsSent(true)).toBe(0);
  });
});
