/**
 * The event log: every change appends an event, as Chargebee does, so clients can poll
 * `GET /events?occurred_at[after]=…&sort_by[asc]=occurred_at` as a change feed. Webhooks are not sent
 * (`webhook_status` is `not_configured`).
 */
import { randomBytes } from 'node:crypto';
import type { SandboxStore } from '../common/store';
import { nextVersion, toSeconds } from './clock';
import type { ListSpec } from './list-query';
import { COLLECTIONS, insertRecord } from './records';

/** Who made a change: `api` for calls through the API, `admin_console` for edits "by hand" in the web app. */
export type EventSource = 'api' | 'admin_console';

export interface SandboxEvent {
  id: string;
  occurred_at: number;
  source: EventSource;
  object: 'event';
  api_version: 'v2';
  event_type: string;
  webhook_status: 'not_configured';
  content: Record<string, unknown>;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** An id in Chargebee's style (`16CHTnSAxXWqQAg9`): 16 random letters and digits, with an optional prefix. */
export function randomId(prefix = ''): string {
  const bytes = randomBytes(16);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return prefix + id;
}

export function appendEvent(
  store: SandboxStore,
  eventType: string,
  content: Record<string, unknown>,
  source: EventSource,
): SandboxEvent {
  const version = nextVersion(store);
  const event: SandboxEvent = {
    id: randomId('ev_'),
    occurred_at: toSeconds(version),
    source,
    object: 'event',
    api_version: 'v2',
    event_type: eventType,
    webhook_status: 'not_configured',
    content,
  };
  insertRecord(store, COLLECTIONS.events, event.id, event, version);
  return event;
}

export const eventListSpec: ListSpec<SandboxEvent> = {
  resource: 'event',
  filters: { id: 'string', event_type: 'enum', source: 'enum', webhook_status: 'enum', occurred_at: 'timestamp' },
  sortable: ['occurred_at'],
  defaultSort: 'occurred_at',
  defaultDirection: 'desc',
  hasIncludeDeleted: false,
  visible: () => true,
};
