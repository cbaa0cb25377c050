/** Which mappings a record feeds, from the source side and from the target side. */
import { recordMatches } from './filter';
import { isWritten, type Dataflow, type Mapping } from './model';

export interface UnsupportedMapping {
  mapping: Mapping;
  reason: string;
}

export interface SourceRecordMappings {
  /** Mappings to write this record through. */
  mappings: Mapping[];
  /** Mappings the record also feeds in the seed, which the real target API cannot take: report them. */
  unsupported: UnsupportedMapping[];
}

/** Resource and type names compare without case (`SalesOrders`, `salesorders`). */
export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The mappings a source record of `resource` feeds, after each mapping's record filter: a Customer with
 * IsPerson true feeds "Customers person", one with IsPerson false the on-demand "Customers". Line mappings
 * are not returned: lines travel inside their parent's mapping.
 */
export function mappingsForSourceRecord(flow: Dataflow, resource: string, data: unknown): SourceRecordMappings {
  const result: SourceRecordMappings = { mappings: [], unsupported: [] };
  for (const mapping of flow.mappings) {
    if (mapping.partOf !== undefined || !sameName(mapping.source.resource, resource)) continue;
    if (!recordMatches(mapping.source.filter, data)) continue;
    if (mapping.switchedOff !== undefined) continue;
    if (mapping.unsupported !== undefined) result.unsupported.push({ mapping, reason: mapping.unsupported });
    else result.mappings.push(mapping);
  }
  return result;
}

/**
 * The dataflows that can run with these systems configured: both ends present. A worker or `sync start` with
 * only PowerOffice GO and Chargebee configured runs that dataflow and leaves the others alone.
 */
export function dataflowsBetween(flows: readonly Dataflow[], systems: readonly string[]): Dataflow[] {
  return flows.filter((flow) => systems.includes(flow.sourceSystem) && systems.includes(flow.targetSystem));
}

/** The writable mappings that feed a target resource (for fanning a target-side edit out to every link). */
export function mappingsForTarget(flow: Dataflow, targetResource: string): Mapping[] {
  return flow.mappings.filter(
    (m) => m.partOf === undefined && isWritten(m) && sameName(m.target.resource, targetResource),
  );
}

/**
 * The resources of the same system that records of `resource` refer to: an order's customer and items (its lines'
 * references included), a nested record's parent. A first sync reads those before the records that refer to them
 * (docs/DECISIONS.md 93). The resource itself is left out, and so are fallbacks: a reference in a pair whose
 * target field an earlier, unconditional pair decides whenever its source is filled (an order's contact person).
 */
export function referencedResources(flow: Dataflow, resource: string): string[] {
  const referenced = new Map<string, string>();
  for (const mapping of flow.mappings) {
    if (!isWritten(mapping) || !sameName(mapping.source.resource, resource)) continue;
    // A pair whose target field an earlier pair always decides is a fallback (an order's contact person stands in
    // for its customer only when it has none): the records it would refer to are seldom needed, and waiting for
    // them would hold the orders back behind every contact person (docs/DECISIONS.md 106).
    const decided = new Set<string>();
    for (const pair of mapping.props) {
      if (pair.direction === 'computed' || pair.direction === 'unavailable') continue;
      const fallback = decided.has(pair.target);
      if (pair.when === undefined) decided.add(pair.target);
      if (pair.reference !== undefined && !fallback) {
        referenced.set(pair.reference.resource.toLowerCase(), pair.reference.resource);
      }
    }
    const parent = mapping.target.parent;
    if (parent !== undefined) referenced.set(parent.resource.toLowerCase(), parent.resource);
  }
  referenced.delete(resource.toLowerCase());
  return [...referenced.values()];
}

export function findMapping(flows: readonly Dataflow[], id: string): Mapping | undefined {
  for (const flow of flows) {
    const found = flow.mappings.find((m) => m.id === id);
    if (found !== undefined) return found;
  }
  return undefined;
}
