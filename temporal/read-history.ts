/**
 * Reads a workflow's whole history a page at a time, with pages small enough to pass the server's own message
 * limit. The SDK's `fetchHistory` asks for the server's default page (up to 256 events); a poller whose events
 * carry half a megabyte each made a page of 4.85 MB, and the dev server refused it with RESOURCE_EXHAUSTED
 * (its internal calls carry at most 4 MB; docs/DECISIONS.md 155). A page refused with RESOURCE_EXHAUSTED is asked
 * again at once with half as many events; at one event a page, it waits and tries again, as a refusal for load
 * wants. A client from `historyReadingClient` leaves that status to this reader; any other client works too, but
 * its own retry first spends a minute of back-off on the same page size.
 */
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  isGrpcServiceError,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';
import type { LinkflowConfig } from '../config/config';
import { clientConnectionOptions } from './connection';
import * as proto from '@temporalio/proto';

type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

/** The server's default page: the most events a page asks for before a refusal halves it. */
const FULL_PAGE_EVENTS = 256;

/** gRPC's RESOURCE_EXHAUSTED: the status of a message over the receiver's limit. */
const RESOURCE_EXHAUSTED = 8;

/** Waits between refusals of a one-event page, and how many it takes before giving up. */
const SINGLE_EVENT_WAIT_MS = 1_000;
const SINGLE_EVENT_ATTEMPTS = 10;

/** A client whose calls retry as the SDK's do, except RESOURCE_EXHAUSTED, which `readWholeHistory` answers. */
export async function historyReadingClient(config: LinkflowConfig): Promise<Client> {
  const defaults = defaultGrpcRetryOptions();
  const connection = await Connection.connect({
    ...clientConnectionOptions(config),
    interceptors: [
      makeGrpcRetryInterceptor({
        ...defaults,
        retryableDecider: (attempt, status) =>
          status.code !== RESOURCE_EXHAUSTED && defaults.retryableDecider(attempt, status),
      }),
    ],
  });
  return new Client({ connection, namespace: config.temporal.namespace });
}

export async function readWholeHistory(client: Client, workflowId: string, runId?: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  let pageEvents = FULL_PAGE_EVENTS;
  let singleEventRefusals = 0;
  for (;;) {
    let response: proto.temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse;
    try {
      response = await client.workflowService.getWorkflowExecutionHistory({
        namespace: client.options.namespace,
        execution: { workflowId, runId },
        nextPageToken,
        maximumPageSize: pageEvents,
      });
    } catch (error) {
      if (!isGrpcServiceError(error) || error.code !== RESOURCE_EXHAUSTED) throw error;
      if (pageEvents > 1) {
        pageEvents = Math.max(1, Math.floor(pageEvents / 2));
        continue;
      }
      singleEventRefusals += 1;
      if (singleEventRefusals >= SINGLE_EVENT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, SINGLE_EVENT_WAIT_MS * singleEventRefusals));
      continue;
    }
    events.push(...(response.history?.events ?? []));
    nextPageToken = response.nextPageToken ?? undefined;
    if (!nextPageToken || nextPageToken.length === 0) return events;
  }
}
