/**
 * The live lane for workflow tasks. A workflow started for a fresh change (a record created or edited while a
 * first sync's backlog is being worked off) gets a higher priority than the backlog's, so the server hands out
 * its workflow tasks first. Without it, a new contact person's link and merge each waited 49 s and 22 s for
 * their first workflow task in the full benchmark, behind thousands of the first sync's (docs/DECISIONS.md 105).
 * A workflow keeps its priority for life, and its activities inherit it.
 */
import type { Priority } from '@temporalio/common';

/**
 * The first of the server's five keys: ahead of the record writers' (2) and of the server's default (3, the
 * middle of 1-5), which the backlog's workflows keep.
 */
export const LIVE_PRIORITY: Priority = { priorityKey: 1 };

/**
 * Work a record already under way waits for: its record writer, always, and its merge when it comes from the
 * backlog. Ahead of the backlog, behind live work. A writer is downstream of every link that feeds it; behind
 * the backlog, the record writers' activities of the sixth full benchmark's first sync waited 42 min on average
 * for a slot among the links' (docs/DECISIONS.md 116). A backlog link's activity waits for its merge's answer,
 * holding a slot: behind the starts of the links after it, the burst's link activities held their slots 20 s
 * each (docs/DECISIONS.md 125). The server has no way to raise a running workflow's priority (this server
 * version refuses it), so both start with it. Not the live key: a first sync starts a writer and a merge for
 * most records it links, and with the live key those starts alone kept the live lane's workflow tasks waiting
 * 25 s (docs/DECISIONS.md 120).
 */
export const UNDER_WAY_PRIORITY: Priority = { priorityKey: 2 };

/**
 * The dev server's matcher that honours priority keys (Temporal Cloud and newer servers have it on by default;
 * on another cluster of 1.29 it is this dynamic config setting; without it priorities are ignored, nothing fails).
 */
export const PRIORITY_MATCHER = ['matching.useNewMatcher=true'];
