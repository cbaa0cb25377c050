/**
 * The secrets scan: after the run, every workflow history under the campaign's id prefix and every log line
 * the processes wrote are searched for the sandboxes' credentials: PowerOffice application, client and
 * subscription keys, the Basic string of its token request and every access token it issued; the Chargebee
 * API key and its Basic string; and anything shaped like a `Bearer` or `Basic` authorization value.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { readWholeHistory } from '../temporal/read-history';
import { chargebeeConfigSchema } from '../connectors/chargebee';
import { powerOfficeConfigSchema } from '../connectors/poweroffice-go';
import type { ConnectorSettings } from '../worker/sync-runtime';
import { truncate, withTimeout } from './util';

export interface Secret {
  name: string;
  value: string;
}

export interface SecretHit {
  secret: string;
  where: string;
  excerpt: string;
}

export interface SecretsReport {
  histories: number;
  historyEvents: number;
  logFiles: number;
  logLines: number;
  hits: SecretHit[];
  /** Hits in the sandbox's own output, which lists the credentials it issues as a vendor's console would. */
  expected: SecretHit[];
}

const base64 = (text: string): string => Buffer.from(text).toString('base64');

/** The credentials to look for, from the sandboxes' connection settings and the token store. */
export function collectSecrets(settings: ConnectorSettings, powerOfficeStore: string): Secret[] {
  const poweroffice = powerOfficeConfigSchema.parse(settings['poweroffice-go']);
  const chargebee = chargebeeConfigSchema.parse(settings['chargebee']);
  const secrets: Secret[] = [
    { name: 'PowerOffice application key', value: poweroffice.applicationKey },
    { name: 'PowerOffice client key', value: poweroffice.clientKey },
    { name: 'PowerOffice subscription key', value: poweroffice.subscriptionKey },
    { name: 'PowerOffice Basic credentials', value: base64(`${poweroffice.applicationKey}:${poweroffice.clientKey}`) },
    { name: 'Chargebee API key', value: chargebee.apiKey },
    { name: 'Chargebee Basic credentials', value: base64(`${chargebee.apiKey}:`) },
  ];
  if (fs.existsSync(powerOfficeStore)) {
    const db = new Database(powerOfficeStore, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare("SELECT key FROM kv WHERE key LIKE 'token/%'").all() as { key: string }[];
      for (const row of rows) secrets.push({ name: 'PowerOffice access token', value: row.key.slice('token/'.length) });
    } finally {
      db.close();
    }
  }
  return secrets.filter((secret) => secret.value.length >= 8);
}

/** Authorization values of any kind, whoever issued them. */
const SHAPES: { name: string; pattern: RegExp }[] = [
  { name: 'Bearer token', pattern: /Bearer\s+[A-Za-z0-9\-._~+/]{16,}=*/g },
  { name: 'Basic authorization', pattern: /Basic\s+[A-Za-z0-9+/]{12,}={0,2}/g },
];

export class SecretScanner {
  readonly hits: SecretHit[] = [];

  constructor(private readonly secrets: readonly Secret[]) {}

  scanText(text: string, where: string): void {
    for (const secret of this.secrets) {
      const length = secret.value.length;
      for (let found = text.indexOf(secret.value); found >= 0; found = text.indexOf(secret.value, found + length)) {
        const excerpt = truncate(text.slice(Math.max(0, found - 40), found + length + 20), 140);
        this.hits.push({ secret: secret.name, where, excerpt });
      }
    }
    for (const shape of SHAPES) {
      for (const match of text.matchAll(shape.pattern)) {
        this.hits.push({ secret: shape.name, where, excerpt: truncate(match[0], 80) });
      }
    }
  }
}

/** Payload bytes as text, so that a credential inside a JSON payload is found. */
function historyText(history: unknown): string {
  return JSON.stringify(history, (_key, value: unknown) => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (typeof value === 'bigint') return value.toString();
    return value;
  });
}

export async function scanForSecrets(options: {
  client: Client;
  idPrefix: string;
  logFiles: string[];
  secrets: Secret[];
  /** Logs of the vendor side (the sandboxes): their hits are listed as expected, not counted. */
  vendorLogs: string[];
}): Promise<SecretsReport> {
  const scanner = new SecretScanner(options.secrets);
  let histories = 0;
  let historyEvents = 0;
  const query = `WorkflowId STARTS_WITH "${options.idPrefix.replace(/"/g, '')}"`;
  const executions: { workflowId: string; runId: string }[] = [];
  for await (const execution of options.client.workflow.list({ query, pageSize: 1000 })) {
    executions.push({ workflowId: execution.workflowId, runId: execution.runId });
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < executions.length) {
      const execution = executions[next];
      next += 1;
      if (!execution) continue;
      const events = await withTimeout(
        'fetching a history',
        60_000,
        readWholeHistory(options.client, execution.workflowId, execution.runId),
      );
      histories += 1;
      historyEvents += events.length;
      scanner.scanText(historyText({ events }), `history ${execution.workflowId} (run ${execution.runId})`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));

  let logLines = 0;
  for (const file of options.logFiles) {
    if (!fs.existsSync(file)) continue;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    logLines += lines.length;
    lines.forEach((line, index) => scanner.scanText(line, `${path.basename(file)}:${index + 1}`));
  }
  const vendor = new Set(options.vendorLogs.map((file) => path.basename(file)));
  const isVendor = (hit: SecretHit): boolean => vendor.has(hit.where.split(':')[0] ?? '');
  return {
    histories,
    historyEvents,
    logFiles: options.logFiles.length,
    logLines,
    hits: scanner.hits.filter((hit) => !isVendor(hit)),
    expected: scanner.hits.filter(isVendor),
  };
}
