/**
 * Connections to Temporal from the configuration: the embedded dev server by default, any cluster through
 * TEMPORAL_ADDRESS, Temporal Cloud with TLS and an API key (or mTLS certificates).
 */
import fs from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type NativeConnectionOptions } from '@temporalio/worker';
import type { LinkflowConfig } from '../config/config';

export function temporalAddress(config: LinkflowConfig): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devServerPort}`;
}

function tlsOptions(config: LinkflowConfig): ConnectionOptions['tls'] {
  const { tlsCertPath, tlsKeyPath, tlsServerName, tls } = config.temporal;
  if (tlsCertPath && tlsKeyPath) {
    return {
      serverNameOverride: tlsServerName,
      clientCertPair: { crt: fs.readFileSync(tlsCertPath), key: fs.readFileSync(tlsKeyPath) },
    };
  }
  return tls ? { serverNameOverride: tlsServerName } : undefined;
}

/** Where and how a client connects: the address, TLS and API key from the configuration. */
export function clientConnectionOptions(config: LinkflowConfig): ConnectionOptions {
  return { address: temporalAddress(config), tls: tlsOptions(config), apiKey: config.temporal.apiKey, metadata: {} };
}

export async function connectClient(config: LinkflowConfig): Promise<Client> {
  const connection = await Connection.connect(clientConnectionOptions(config));
  return new Client({ connection, namespace: config.temporal.namespace });
}

/**
 * How long a client call may still be retrying after the code that made it has stopped: the SDK's default retry
 * makes at most 10 attempts, at most about 6 s apart, a minute at most in all.
 */
export const CLIENT_RETRY_WINDOW_MS = 60_000;

/**
 * Closes a client's connection once no call made before can still be retrying. The SDK retries a failed call
 * from a timer; when that timer fires on a closed channel, grpc-js throws from the timer, an uncaught exception:
 * a stopped worker whose cancelled activities left a call in its back-off exited with code 1 (in two of three
 * full benchmarks). The timer that closes does not keep the process alive, and until it fires a retry finds the
 * channel open and ends as any call does.
 */
export function closeWhenRetriesEnd(connection: Pick<Connection, 'close'>, afterMs = CLIENT_RETRY_WINDOW_MS): void {
  setTimeout(() => void connection.close().catch(() => undefined), afterMs).unref();
}

let runtimeInstalled = false;

/** Temporal's own logs at WARN unless LINKFLOW_LOG_LEVEL asks for more: the CLI prints what matters. */
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = process.env.LINKFLOW_LOG_LEVEL?.toUpperCase();
  const chosen = (['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const).find((name) => name === level) ?? 'WARN';
  // An activity-only worker warns that it polls no workflows, and the pollers' workflow-only worker that it polls
  // no activities (see worker/sync-runtime.ts): by design, not news.
  const fallback = new DefaultLogger(chosen);
  const logger = new DefaultLogger(chosen, (entry) => {
    if (entry.message.startsWith('No workflows registered')) return;
    if (entry.message.startsWith('No activities registered')) return;
    fallback.log(entry.level, entry.message, entry.meta);
  });
  Runtime.install({ logger });
}

export async function connectWorker(config: LinkflowConfig): Promise<NativeConnection> {
  installQuietRuntime();
  const options: NativeConnectionOptions = {
    address: temporalAddress(config),
    tls: tlsOptions(config) as NativeConnectionOptions['tls'],
    apiKey: config.temporal.apiKey,
  };
  return NativeConnection.connect(options);
}

/** True when a Temporal frontend answers at the configured address. */
export async function isServerReachable(config: LinkflowConfig, timeoutMs = 2_000): Promise<boolean> {
  try {
    const connection = await Connection.connect({
      address: temporalAddress(config),
      tls: tlsOptions(config),
      apiKey: config.temporal.apiKey,
      connectTimeout: timeoutMs,
    });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}
