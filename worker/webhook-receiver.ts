/**
 * Receives systems' webhooks that say "something changed, poll now": `POST /webhooks/<system>`. The system's
 * plug-in checks the signature and names the resource; the receiver signals that resource's poller, which reads
 * the change feed at once (the webhook carries no data linkflow trusts: the feed stays the one way in). A bad
 * signature is refused with 401; a webhook for a resource nobody polls is accepted and ignored.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SystemConnectorPlugin } from '../connectors/plugin';

/** Bodies above this are refused: a webhook notice is a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

export interface WebhookReceiverOptions {
  port: number;
  host: string;
  /** The configured systems that take webhooks, with their configuration. */
  systems: { plugin: SystemConnectorPlugin; config: object }[];
  /** Wakes the poller of (system, resource); false when no such poller runs. */
  pollNow: (system: string, resource: string) => Promise<boolean>;
  log?: (line: string) => void;
}

export interface WebhookReceiver {
  url: string;
  close: () => Promise<void>;
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const log = options.log ?? ((line: string) => console.warn(line));
  const server = http.createServer((request, response) => {
    const answer = (status: number, text?: string): void => {
      response.writeHead(status, text === undefined ? {} : { 'content-type': 'text/plain; charset=utf-8' });
      response.end(text);
    };
    const system = /^\/webhooks\/([a-z0-9-]+)$/.exec(request.url ?? '')?.[1];
    const target = options.systems.find((entry) => entry.plugin.system === system);
    if (request.method !== 'POST' || target === undefined || target.plugin.webhook === undefined) {
      answer(404, 'no such webhook\n');
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) return answer(413, 'too large\n');
      const outcome = target.plugin.webhook?.(target.config, {
        headers: request.headers,
        rawBody: Buffer.concat(chunks),
      });
      if (!outcome?.ok) {
        log(`Refused a ${target.plugin.title} webhook: ${outcome?.reason ?? 'not checked'}`);
        return answer(401, 'signature not accepted\n');
      }
      options.pollNow(target.plugin.system, outcome.resource).then(
        () => answer(204),
        (error: unknown) => {
          log(`A ${target.plugin.title} webhook for ${outcome.resource} could not wake its poller: ${String(error)}`);
          // The system retries a failed delivery; polling picks the change up in any case.
          answer(503, 'try again\n');
        },
      );
      return undefined;
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/webhooks/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
