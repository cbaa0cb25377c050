/**
 * The live lane for workflow tasks. A workflow started for a fresh change (a record created or edited while a
 * first sync's backlog is being worked off) gets a higher priority than the backlog's, so the server hands out
 * its workflow tasks first. Without it, a new contact person's link and merge each waited 49 s and 22 s for
 * their first workflow task in the full benchmark, behind thousands of the first sync's (docs/DECISIONS.md 105).
 * A workflow keeps its priority for life, and its activities inherit it.
 */
import type { Priority } from '@temporalio/common';

/**
 * Work an activity holds a slot for while it waits: a merge (a link's activity waits for its answer) and the link
 * of a record an order demands (the order's activity waits). The first of the server's five keys, ahead of every
 * start the waiting is for: in the burst of 2,000 new persons the links' first tasks, at the live key then, went
 * ahead of the merges their activities waited for, and each link activity held its slot 19 s (docs/DECISIONS.md
 * 127). Few are in flight at once (no more than the activities waiting for them), and each is two short tasks.
 */
export const WAITED_FOR_PRIORITY: Priority = { priorityKey: 1 };

/**
 * A fresh change's workflows (a record created or edited while a first sync's backlog is being worked off) and the
 * pollers that find them: ahead of the record writers (3) and the backlog (4).
 */
export const LIVE_PRIORITY: Priority = { priorityKey: 2 };

/**
 * A record's writer, which every link feeding it waits on: ahead of the backlog, behind live work. Behind the
 * backlog, the record writers' activities of the sixth full benchmark's first sync waited 42 min on average for a
 * slot among the links' (docs/DECISIONS.md 116). The server has no way to raise a running workflow's priority
 * (this server version refuses it), so a writer starts with it. Not the live key: a first sync starts a writer for
 * most records it links, and with the live key those starts kept the live lane's workflow tasks waiting 25 s
 * (docs/DECISIONS.md 120).
 */
export const UNDER_WAY_PRIORITY: Priority = { priorityKey: 3 };

/**
 * A first sync's backlog: links started from a poller's pages of older records. Below the server's default (3),
 * where it was before the waited-for key came, so that a record writer (3) goes ahead of it.
 */
export const BACKLOG_PRIORITY: Priority = { priorityKey: 4 };

/**
 * The dev server's matcher that honours priority keys (Temporal Cloud and newer servers have it on by default;
 * on another cluster of 1.29 it is this dynamic config setting; without it priorities are ignored, nothing fails).
 */
export const PRIORITY_MATCHER = ['matching.useNewMatcher=true'];
