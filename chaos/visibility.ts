/**
 * Link statuses as an operator finds them: visibility (search attribute `LinkStatus`) and the memo's
 * `parkedReason`, listed as client/sync-control.ts `linkCounts` does. The campaign reads these for the bad
 * records only; the convergence check itself reads the two systems, never Temporal.
 */
import type { Client } from '@temporalio/client';
import { linkWorkflowId } from '../model/ids';
import type { BadRecord } from './bad-corpus';

export interface LinkView {
  workflowId: string;
  status: string;
  parkedReason?: string;
}

export async function listLinks(client: Client, idPrefix: string): Promise<Map<string, LinkView>> {
  const links = new Map<string, LinkView>();
  const query = `LinkflowKind = "link" AND WorkflowId STARTS_WITH "${idPrefix.replace(/"/g, '')}link/"`;
  for await (const execution of client.workflow.list({ query, pageSize: 1000 })) {
    const status = execution.searchAttributes['LinkStatus'];
    const reason = execution.memo?.['parkedReason'];
    const previous = links.get(execution.workflowId);
    // A continued-as-new link lists once per run; the running one is the one that counts.
    if (previous && execution.status.name !== 'RUNNING') continue;
    links.set(execution.workflowId, {
      workflowId: execution.workflowId,
      status: Array.isArray(status) && typeof status[0] === 'string' ? status[0] : execution.status.name.toLowerCase(),
      ...(typeof reason === 'string' && reason !== '' ? { parkedReason: reason } : {}),
    });
  }
  return links;
}

export interface BadRecordOutcome {
  record: BadRecord;
  status: string;
  reason: string;
  namesRecord: boolean;
  namesField: boolean;
  /** Parked, with a reason that names both the record and the field. */
  ok: boolean;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Judges each bad record by its link: parked, and the reason names the record (its id) and the field. */
export function judgeBadRecords(
  bad: readonly BadRecord[],
  links: ReadonlyMap<string, LinkView>,
  idPrefix: string,
  dataflow: string,
): BadRecordOutcome[] {
  return bad.map((record) => {
    const link = links.get(linkWorkflowId(idPrefix, dataflow, record.resource, record.id));
    const reason = link?.parkedReason ?? '';
    const namesRecord = new RegExp(`(^|\\D)${escape(record.id)}(\\D|$)`).test(reason);
    const fields = [record.field, ...record.alsoKnownAs];
    const namesField = fields.some((field) => new RegExp(`\\b${escape(field)}\\b`, 'i').test(reason));
    const status = link?.status ?? 'no link';
    return { record, status, reason, namesRecord, namesField, ok: status === 'parked' && namesRecord && namesField };
  });
}
