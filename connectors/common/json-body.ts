/** Reads an API answer's body as JSON; an answer that is not JSON is a typed error that names the request. */
import { ConnectorError } from '../errors';
import type { HttpErrorSystem } from './http-error';

export interface JsonBodyContext {
  /** e.g. `GET /Customers`. */
  request: string;
  /** e.g. `Customers/42`. */
  record?: string | undefined;
  /** How many characters of a body that is not JSON the error quotes; none when absent. */
  quote?: number;
}

/** The parsed body, or undefined for an empty one (204, DELETE). */
export function parseJsonBody(text: string, system: HttpErrorSystem, context: JsonBodyContext): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const { request, record, quote } = context;
    const quoted = quote === undefined ? '' : `: ${text.slice(0, quote)}`;
    throw new ConnectorError(
      `${system.label} ${request}${record ? ` (${record})` : ''}: the answer is not JSON${quoted}`,
      {
        system: system.system,
        ...(record ? { record } : {}),
      },
    );
  }
}
