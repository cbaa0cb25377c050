/**
 * A development trace of every vendor request: when it was asked for, at which priority, how long it waited for
 * its token, how long the API took and how it answered. It is how a question like "why did this fresh change wait
 * 9 s" is answered (docs/DECISIONS.md 144). Off unless the worker turns it on (`LINKFLOW_TRACE_REQUESTS=1`); then
 * one line per request goes to the sink, e.g.
 * `request 2026-12-06T00:23:02.179Z chargebee live wait=3910ms send=3ms ok list customers`.
 * Plain Node: connectors call `traceRequest` and know nothing of where the lines go.
 */
import { requestPriority } from './request-priority';

type Sink = (line: string) => void;

let sink: Sink | undefined;

/** Turns the trace on (a sink for its lines) or off (undefined). */
export function setRequestTrace(write: Sink | undefined): void {
  sink = write;
}

export interface TracedRequest {
  system: string;
  /** e.g. `GET /Customers/42` or `create customer`; ids only, never field values. */
  request: string;
  /** Epoch ms: when the request asked for its token, when it got it, when the answer was read. */
  askedAt: number;
  tokenAt: number;
  doneAt: number;
  /** The HTTP status, or `ok` / the error's name where the transport does not show it. */
  outcome: string;
}

/** Writes one line for a request when the trace is on; nothing otherwise. */
export function traceRequest(traced: TracedRequest): void {
  if (sink === undefined) return;
  const wait = traced.tokenAt - traced.askedAt;
  const send = traced.doneAt - traced.tokenAt;
  sink(
    `request ${new Date(traced.askedAt).toISOString()} ${traced.system} ${requestPriority()} ` +
      `wait=${wait}ms send=${send}ms ${traced.outcome} ${traced.request}\n`,
  );
}
