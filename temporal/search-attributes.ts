/**
 * The custom search attributes linkflow registers and sets, so that a user can find any link, record writer
 * or poller in the Web UI. They carry kinds, statuses and system ids only, never personal data: search
 * attributes are indexed in plain text and no payload codec protects them.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const LinkflowKind = defineSearchAttributeKey('LinkflowKind', SearchAttributeType.KEYWORD);
export const LinkStatus = defineSearchAttributeKey('LinkStatus', SearchAttributeType.KEYWORD);
export const LinkDataflow = defineSearchAttributeKey('LinkDataflow', SearchAttributeType.KEYWORD);
export const LinkSourceSystem = defineSearchAttributeKey('LinkSourceSystem', SearchAttributeType.KEYWORD);
export const LinkSourceType = defineSearchAttributeKey('LinkSourceType', SearchAttributeType.KEYWORD);
export const LinkSourceId = defineSearchAttributeKey('LinkSourceId', SearchAttributeType.KEYWORD);
export const LinkTargetSystem = defineSearchAttributeKey('LinkTargetSystem', SearchAttributeType.KEYWORD);
export const LinkTargetType = defineSearchAttributeKey('LinkTargetType', SearchAttributeType.KEYWORD);
export const LinkTargetId = defineSearchAttributeKey('LinkTargetId', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [
  LinkflowKind,
  LinkStatus,
  LinkDataflow,
  LinkSourceSystem,
  LinkSourceType,
  LinkSourceId,
  LinkTargetSystem,
  LinkTargetType,
  LinkTargetId,
] as const;

type KeywordKey = (typeof ALL_SEARCH_ATTRIBUTES)[number];

/**
 * A visibility query for the running links under `idPrefix` whose search attributes equal `where` (values
 * quoted as JSON strings, which the query language reads as its own).
 */
export function runningLinksQuery(idPrefix: string, where: ReadonlyArray<readonly [KeywordKey, string]>): string {
  return [
    `${LinkflowKind.name} = "link"`,
    ...where.map(([key, value]) => `${key.name} = ${JSON.stringify(value)}`),
    `ExecutionStatus = "Running"`,
    `WorkflowId STARTS_WITH ${JSON.stringify(idPrefix)}`,
  ].join(' AND ');
}
