/**
 * The live lane for workflow tasks. A workflow started for a fresh change (a record created or edited while a
 * first sync's backlog is being worked off) gets a higher priority than the backlog's, so the server hands out
 * its workflow tasks first. Without it, a new contact person's link and merge each waited 49 s and 22 s for
 * their first workflow task in the full benchmark, behind thousands of the first sync's (docs/DECISIONS.md 105).
 * A workflow keeps its priority for life, and its activities inherit it.
 */
import type { Priority } from '@temporalio/common';

/**
 * Work an activity holds a slot for while it waits, for a fresh change: a live link's merge (its activity waits
 * for the answer) and the link of a record a live order demands. The first of the server's five keys, ahead of
 * every start the waiting is for: in the burst of 2,000 new persons the links' first tasks, at the live key
 * then, went ahead of the merges their activities waited for, and each link activity held its slot 19 s
 * (docs/DECISIONS.md 127). Few are in flight at once (no more than the activities waiting for them), and each is
 * two short tasks.
 */
export const WAITED_FOR_LIVE_PRIORITY: Priority = { priorityKey: 1 };

/**
 * A fresh change's workflows (a record created or edited while a first sync's backlog is being worked off) and the
 * pollers that find them: ahead of everything the backlog starts, the merges its links wait for included.
 */
export const LIVE_PRIORITY: Priority = { priorityKey: 2 };

/**
 * What the backlog's activities wait for (a backlog link's merge, the link of a record a backlog order demands):
 * behind live work, ahead of the backlog's links. With one key for every merge, the first sync's thousands of
 * merges went ahead of a fresh contact person's link, whose first workflow task waited 21 s in the eleventh full
 * benchmark (docs/DECISIONS.md 133). Record writers share the key (UNDER_WAY_PRIORITY).
 */
export const WAITED_FOR_PRIORITY: Priority = { priorityKey: 3 };

/** What an activity waits for, by the freshness of the work that waits. */
export function waitedForPriority(live: boolean): Priority {
  return live ? WAITED_FOR_LIVE_PRIORITY : WAITED_FOR_PRIORITY;
}

/**
 * A record's writer, which every link feeding it waits on: ahead of the backlog's links, level with what the
 * backlog waits for (a writer's tasks are few: one per batch of changes). Behind the backlog, the record writers'
 * activities of the sixth full benchmark's first sync waited 42 min on average for a slot among the links'
 * (docs/DECISIONS.md 116). The server has no way to raise a running workflow's priority (this server version
 * refuses it), so a writer starts with it. Not the live key: a first sync starts a writer for most records it
 * links, and with the live key those starts kept the live lane's workflow tasks waiting 25 s (docs/DECISIONS.md
 * 120). Not behind the backlog's merges either: a writer also handles the fresh changes seen in its record.
 */
export const UNDER_WAY_PRIORITY: Priority = { priorityKey: 3 };

/** A first sync's backlog: links started from a poller's pages of older records. The last key linkflow uses. */
export const BACKLOG_PRIORITY: Priority = { priorityKey: 4 };

/**
 * The dev server's matcher that honours priority keys (Temporal Cloud and newer servers have it on by default;
 * on another cluster of 1.29 it is this dynamic config setting; without it priorities are ignored, nothing fails).
 */
export const PRIORITY_MATCHER = ['matching.useNewMatcher=true'];
