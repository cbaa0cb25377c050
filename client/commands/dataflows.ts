/**
 * `linkflow dataflows [--json] [--dir <folder>]`: the implemented mappings, as a readable table or as JSON
 * for tooling. An invalid dataflow file fails here with the file and the zod path.
 */
import { parseArgs } from 'node:util';
import {
  DataflowFileError,
  isWritten,
  describeDataflows,
  loadDataflows,
  type Dataflow,
  type Mapping,
  type PropPair,
} from '../../dataflows/engine';

export interface Output {
  write(text: string): unknown;
}

const usage = 'usage: linkflow dataflows [--json] [--dir <folder with dataflow files>]\n';

const arrows: Record<PropPair['direction'], string> = {
  both: '↔',
  'to-target': '→',
  computed: '⇢',
  unavailable: '∅',
};

function describePair(mapping: Mapping, pair: PropPair): string {
  const arrow = !isWritten(mapping) ? '✗' : arrows[pair.direction];
  const notes: string[] = [];
  if (pair.addedByLinkflow) notes.push('added by linkflow');
  if (pair.direction === 'to-target') notes.push('one-way');
  if (pair.direction === 'computed') notes.push('computed, not written');
  if (pair.direction === 'unavailable') notes.push("not in one side's API, never synced");
  if (pair.reference !== undefined) notes.push(`the linked id of ${pair.reference.mapping}`);
  if (pair.conversion !== undefined) notes.push(pair.conversion.type);
  if (pair.when !== undefined) notes.push(`when ${pair.when.text}`);
  const line = `      ${pair.source} ${arrow} ${pair.target}${notes.length > 0 ? `   (${notes.join('; ')})` : ''}`;
  return pair.reason !== undefined && isWritten(mapping) ? `${line}\n          ${pair.reason}` : line;
}

function describeMappingLines(mapping: Mapping): string[] {
  const facts: string[] = [mapping.creation];
  if (mapping.referencedBy.length > 0) facts.push(`when referenced by ${mapping.referencedBy.join(', ')}`);
  if (mapping.partOf !== undefined)
    facts.push(`lines (${mapping.source.linesOf ?? ''}) inside ${mapping.partOf.split(':').pop() ?? mapping.partOf}`);
  if (mapping.mergeKey !== undefined) facts.push(`merge ${mapping.mergeKey.source} ↔ ${mapping.mergeKey.target}`);
  if (mapping.idPrefix !== undefined) facts.push(`new ids ${mapping.idPrefix}<Id>`);
  const lines = [`  ${mapping.source.type} → ${mapping.target.type}   [${facts.join(' · ')}]`];
  if (mapping.unsupported !== undefined) lines.push(`      UNSUPPORTED: ${mapping.unsupported}`);
  if (mapping.switchedOff !== undefined) lines.push(`      SWITCHED OFF: ${mapping.switchedOff}`);
  if (mapping.document !== undefined) {
    const { readyWhen } = mapping.document;
    lines.push(`      written once, ${mapping.document.writtenAs}, when ${readyWhen.field} is ${readyWhen.equals}`);
  }
  if (mapping.props.length === 0) lines.push('      (no properties: the link alone)');
  lines.push(...mapping.props.map((p) => describePair(mapping, p)));
  return lines;
}

export function formatDataflows(flows: readonly Dataflow[]): string {
  const blocks = flows.map((flow) => {
    const header = `${flow.id}: ${flow.title}   (${flow.sourceSystem} → ${flow.targetSystem}, ${flow.file})`;
    return [header, ...flow.mappings.flatMap((m) => ['', ...describeMappingLines(m)])].join('\n');
  });
  const legend =
    '↔ both ways · → one-way to the target · ⇢ computed by the target · ∅ not in one side’s API · ✗ unsupported or switched off';
  return `${blocks.join('\n\n')}\n\n${legend}\n`;
}

export async function run(args: string[], out: Output = process.stdout, err: Output = process.stderr): Promise<number> {
  let values: { json?: boolean; dir?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    err.write(`linkflow dataflows: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (values.help === true) {
    out.write(usage);
    return 0;
  }
  let flows: Dataflow[];
  try {
    flows = loadDataflows(values.dir);
  } catch (error) {
    if (error instanceof DataflowFileError) {
      err.write(`linkflow dataflows: invalid dataflow file\n${error.message}\n`);
      return 1;
    }
    throw error;
  }
  out.write(values.json === true ? `${JSON.stringify(describeDataflows(flows), null, 2)}\n` : formatDataflows(flows));
  return 0;
}
