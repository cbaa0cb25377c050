/**
 * The live lane's activities: the same functions, run with live request priority, so that every request they
 * make (and every record event or merge request they send on) goes ahead of a first sync's backlog.
 */
import { withRequestPriority } from '../connectors/common/request-priority';

export function inLiveLane<I, O>(activity: (input: I) => Promise<O>): (input: I) => Promise<O> {
  return (input) => withRequestPriority('live', () => activity(input));
}
