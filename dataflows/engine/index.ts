/** The dataflow engine: load declarative dataflow files and apply them in both directions. Pure, no connectors. */
export { DataflowFileError, defaultDataflowDir, loadDataflows, mappingId, parseDataflow } from './loader';
export { isWritten } from './model';
export type { Dataflow, DocumentRule, Mapping, PropPair } from './model';
export {
  dataflowsBetween,
  findMapping,
  mappingsForSourceRecord,
  mappingsForTarget,
  referencedResources,
  sameName,
} from './select';
export { sourceDisplayName } from './record-label';
export type { SourceRecordMappings, UnsupportedMapping } from './select';
export { parentProblem, parentRefOf, referencesOf, toTarget } from './mapper';
export type { FieldMessage, FieldRef, ResolveRef, SourceRef, TargetResult } from './mapper';
export { reversiblePairs, toSource } from './reverse';
export { mergeKeyOf, resolveMergeKey } from './merge-key';
export type { MergeKeyOutcome, MergeKeyValue } from './merge-key';
export { isValidNorwegianOrgNumber, normaliseEmail, normaliseName, normaliseOrgNumber } from './normalise';
export { conditionHolds, parseCondition } from './conditions';
export type { Condition } from './conditions';
export { hasLinkflowId, targetIdFor, TargetIdError } from './target-id';
export { describeDataflows, describeMapping } from './describe';
export type { MappingDescription, PropDescription } from './describe';
export { nestValues } from './paths';
export { recordMatches } from './filter';
export { changedAfterWriteReason, documentContent, isDocumentReady, mappedDocumentLines } from './document';
