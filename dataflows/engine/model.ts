/**
 * The loaded form of a dataflow: what the mapper, the reverse mapper and the CLI work with. Built from the
 * validated file by loader.ts; plain data, no functions, so activities can log and compare it.
 */
import type { Condition } from './conditions';
import type { ConversionDecl, CurrencyDecl, Direction, MergeKeyDecl, RecordFilterDecl, TargetIdDecl } from './schema';

export interface PropPair {
  /** The source path as declared (the seed's spelling). */
  source: string;
  /** The target path as declared; line pairs start with the mapping's `lines_into` list. */
  target: string;
  direction: Direction;
  conversion?: ConversionDecl;
  when?: Condition;
  /** Resolve the source value as a link: `mapping` is the referenced mapping's source type, `resource` its resource. */
  reference?: { mapping: string; resource: string };
  reason?: string;
  addedByLinkflow: boolean;
  maxLength?: number;
  refuseNegative?: string;
}

export interface Mapping {
  /** Stable: `<dataflow>:<source type>-><target type>`, e.g. `poweroffice-to-chargebee:Contactperson->Customer`. */
  id: string;
  dataflow: string;
  source: { system: string; type: string; resource: string; filter: RecordFilterDecl[]; linesOf?: string };
  target: {
    system: string;
    type: string;
    resource: string;
    linesInto?: string;
    /** The target creates the record later from an interim one (see `settles_from` in the schema). */
    settlesFrom?: { resource: string; field: string };
    /**
     * The target record lives under the target linked to the source record `field` points at (`mapping` is
     * that record's mapping source type, `resource` its source resource).
     */
    parent?: { mapping: string; resource: string; field: string };
  };
  creation: 'always' | 'on-demand';
  referencedBy: string[];
  mergeKey?: MergeKeyDecl;
  targetId?: TargetIdDecl;
  /** Prefix of the ids linkflow gives the records it creates (`pogo-c-`). */
  idPrefix?: string;
  /** For line mappings: the id of the mapping whose records carry these lines. */
  partOf?: string;
  /** For header mappings: the mapping applied to each of the record's lines. */
  lines?: Mapping;
  /** Where the record's currency is, for money conversions (its lines use the same). */
  currency?: CurrencyDecl;
  /** Why the real target API cannot take this mapping; such a mapping is listed, never written. */
  unsupported?: string;
  /** Why the dataflow file switched this mapping off (`enabled: false`); listed, never written. */
  switchedOff?: string;
  /** A record written once with its lines when ready (sales order → invoice). */
  document?: DocumentRule;
  /** At least one of these source fields must be filled, or the record is parked with the reason. */
  requiresOneOf?: { fields: string[]; reason: string };
  props: PropPair[];
}

export interface DocumentRule {
  readyWhen: { field: string; equals: string };
  ignoreInContent: string[];
  writtenAs: string;
  changeAfterWrite: string;
}

/** A mapping linkflow writes through: neither unsupported by the target's API nor switched off. */
export function isWritten(mapping: Mapping): boolean {
  return mapping.unsupported === undefined && mapping.switchedOff === undefined;
}

export interface Dataflow {
  id: string;
  title: string;
  /** The file it was loaded from (base name). */
  file: string;
  sourceSystem: string;
  targetSystem: string;
  seeds: string[];
  mappings: Mapping[];
}
