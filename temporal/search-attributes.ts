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
