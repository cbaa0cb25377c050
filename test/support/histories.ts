/**
 * Event histories of real runs, saved to test/histories/<name>.json for the replay test (a change to
 * workflow code that breaks determinism then fails CI), and read back from there. Saving happens only when
 * LINKFLOW_RECORD_HISTORIES=1, so that ordinary test runs never rewrite the committed files.
 *
 * Why not `historyToJSON`/`historyFromJSON` of @temporalio/common directly: this install holds two copies of
 * protobufjs 8 (one under @temporalio/common, one under @temporalio/proto), and protojson refuses a message
 * type made by the other copy ("type must be a Type"). So protojson is taken from the copy that made the
 * types; the file format is the same canonical proto JSON that `temporal workflow show --output json` writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Client } from '@temporalio/client';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');

export const recordingHistories = (): boolean => process.env.LINKFLOW_RECORD_HISTORIES === '1';

type History = proto.temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson: (type: unknown, message: unknown) => unknown;
  fromJson: (type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }) => unknown;
}

function protoJson(): ProtoJson {
  const fromProto = createRequire(require.resolve('@temporalio/proto'));
  const loaded: unknown = fromProto('protobufjs/ext/protojson');
  if (typeof loaded !== 'object' || loaded === null || !('toJson' in loaded) || !('fromJson' in loaded)) {
    throw new Error('protobufjs/ext/protojson (next to @temporalio/proto) has no toJson/fromJson');
  }
  const { toJson, fromJson } = loaded;
  if (typeof toJson !== 'function' || typeof fromJson !== 'function')
    throw new Error('protobufjs/ext/protojson: toJson/fromJson are not functions');
  return {
    toJson: (type, message) => toJson(type, message),
    fromJson: (type, json, options) => fromJson(type, json, options),
  };
}

function historyType(): unknown {
  const root: unknown = patchProtobufRoot(proto);
  if (typeof root !== 'object' || root === null || !('lookupType' in root) || typeof root.lookupType !== 'function') {
    throw new Error('@temporalio/proto has no protobuf root with lookupType');
  }
  return root.lookupType('temporal.api.history.v1.History');
}

/** A history as canonical proto JSON text. */
export function historyToJsonText(history: History): string {
  const message = proto.temporal.api.history.v1.History.fromObject(history);
  return `${JSON.stringify(protoJson().toJson(historyType(), message), null, 2)}\n`;
}

/** Reads a history file written by `saveHistory` (or by the Temporal CLI) for `Worker.runReplayHistory`. */
export function loadHistory(file: string): History {
  const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const loaded = protoJson().fromJson(historyType(), json, { ignoreUnknownFields: true });
  if (typeof loaded !== 'object' || loaded === null) throw new Error(`${file} holds no history`);
  return proto.temporal.api.history.v1.History.fromObject(loaded);
}

/** Writes the history (running or finished) of `workflowId` as `<name>.json`; returns the file, or undefined when not recording. */
export async function saveHistory(
  client: Client,
  workflowId: string,
  name: string,
  runId?: string,
): Promise<string | undefined> {
  if (!recordingHistories()) return undefined;
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  const file = path.join(HISTORIES_DIR, `${name}.json`);
  fs.writeFileSync(file, historyToJsonText(history));
  return file;
}
