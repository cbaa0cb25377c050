/**
 * The `linkflow dataflows --json` shape: per mapping the seed's type names, system keys and
 * pairs exactly as the seed spells them, plus the detail a tool needs (direction, conversion, linkflow's own
 * pairs, unsupported mappings with their reason).
 */
import { isWritten, type Dataflow, type Mapping, type PropPair } from './model';

export interface PropDescription {
  source: string;
  target: string;
  direction: PropPair['direction'];
  conversion?: string;
  when?: string;
  reference?: string;
  reason?: string;
  added_by_linkflow: boolean;
  unsupported: boolean;
}

export interface MappingDescription {
  dataflow: string;
  id: string;
  source: { system: string; type: string; resource: string };
  target: { system: string; type: string; resource: string };
  creation: Mapping['creation'];
  referenced_by?: string[];
  /** The seed's pairs, as the seed spells them. */
  props: [string, string][];
  /** linkflow's own pairs (decisions 4 and 5, the order document). */
  linkflowProps: [string, string][];
  /** One entry per pair, seed pairs first in the file's order. */
  propDetails: PropDescription[];
  merge_key?: { source: string; target: string; normalise: string };
  id_prefix?: string;
  lines_of?: string;
  unsupported?: { reason: string };
  switched_off?: { reason: string };
}

function describeConversion(pair: PropPair): string | undefined {
  const c = pair.conversion;
  if (c === undefined) return undefined;
  switch (c.type) {
    case 'money-minor-units':
      return 'money: decimal → integer minor units of the record currency';
    case 'line-amount-minor-units':
      return `money: ${c.unit_price} × quantity → integer minor units of the record currency`;
    case 'currency-code':
      return 'currency: ISO 4217 code, upper case (empty: the declared default)';
    case 'quantity':
      return 'quantity: fractions kept (quantity_in_decimal)';
    case 'org-number':
      return 'org number: 9 digits, mod-11 checked';
    case 'values':
      return `values: ${Object.entries(c.map)
        .map(([from, to]) => `${from} → ${to}`)
        .join(', ')}`;
    case 'decimal':
      return c.target_form === 'number' ? 'decimal: exact text → number' : 'decimal: number → exact text';
  }
}

function describeProp(mapping: Mapping, pair: PropPair): PropDescription {
  const d: PropDescription = {
    source: pair.source,
    target: pair.target,
    direction: pair.direction,
    added_by_linkflow: pair.addedByLinkflow,
    unsupported: !isWritten(mapping),
  };
  const conversion = describeConversion(pair);
  if (conversion !== undefined) d.conversion = conversion;
  if (pair.when !== undefined) d.when = pair.when.text;
  if (pair.reference !== undefined) d.reference = pair.reference.mapping;
  if (pair.reason !== undefined) d.reason = pair.reason;
  return d;
}

export function describeMapping(mapping: Mapping): MappingDescription {
  const seedPairs = mapping.props.filter((p) => !p.addedByLinkflow);
  const ownPairs = mapping.props.filter((p) => p.addedByLinkflow);
  const d: MappingDescription = {
    dataflow: mapping.dataflow,
    id: mapping.id,
    source: { system: mapping.source.system, type: mapping.source.type, resource: mapping.source.resource },
    target: { system: mapping.target.system, type: mapping.target.type, resource: mapping.target.resource },
    creation: mapping.creation,
    props: seedPairs.map((p) => [p.source, p.target]),
    linkflowProps: ownPairs.map((p) => [p.source, p.target]),
    propDetails: [...seedPairs, ...ownPairs].map((p) => describeProp(mapping, p)),
  };
  if (mapping.referencedBy.length > 0) d.referenced_by = mapping.referencedBy;
  if (mapping.mergeKey !== undefined) {
    d.merge_key = {
      source: mapping.mergeKey.source,
      target: mapping.mergeKey.target,
      normalise: mapping.mergeKey.normalise,
    };
  }
  if (mapping.idPrefix !== undefined) d.id_prefix = mapping.idPrefix;
  if (mapping.source.linesOf !== undefined) d.lines_of = mapping.source.linesOf;
  if (mapping.unsupported !== undefined) d.unsupported = { reason: mapping.unsupported };
  if (mapping.switchedOff !== undefined) d.switched_off = { reason: mapping.switchedOff };
  return d;
}

export function describeDataflows(flows: readonly Dataflow[]): MappingDescription[] {
  return flows.flatMap((flow) => flow.mappings.map(describeMapping));
}
