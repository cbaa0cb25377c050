/**
 * Reads dataflow files (dataflows/*.yaml), validates them with the zod schema and builds the loaded model.
 * An invalid file throws DataflowFileError naming the file and the zod path of each problem, so start-up
 * fails with a message that says where to look.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { parseCondition } from './conditions';
import type { Dataflow, Mapping, PropPair } from './model';
import { dataflowFileSchema, type DataflowFile, type MappingDecl, type PropDecl } from './schema';

export const defaultDataflowDir = resolve(__dirname, '..');

export class DataflowFileError extends Error {
  readonly file: string;
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.name = 'DataflowFileError';
    this.file = file;
    this.problems = problems;
  }
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}

export function mappingId(dataflow: string, sourceType: string, targetType: string): string {
  return `${dataflow}:${sourceType}->${targetType}`;
}

function buildProp(decl: PropDecl, file: DataflowFile): PropPair {
  const prop: PropPair = {
    source: decl.pair[0],
    target: decl.pair[1],
    direction: decl.direction,
    addedByLinkflow: decl.added_by_linkflow,
  };
  if (decl.conversion !== undefined) prop.conversion = decl.conversion;
  if (decl.when !== undefined) prop.when = parseCondition(decl.when);
  if (decl.reference !== undefined) {
    // The schema checked that a writable mapping with this source type exists.
    const referenced = file.mappings.find(
      (m) => m.source.type === decl.reference && m.unsupported === undefined && m.enabled && m.part_of === undefined,
    );
    prop.reference = { mapping: decl.reference, resource: referenced?.source.resource ?? decl.reference };
  }
  if (decl.reason !== undefined) prop.reason = decl.reason;
  if (decl.max_length !== undefined) prop.maxLength = decl.max_length;
  if (decl.refuse_negative !== undefined) prop.refuseNegative = decl.refuse_negative;
  return prop;
}

function buildMapping(decl: MappingDecl, file: DataflowFile): Mapping {
  const mapping: Mapping = {
    id: mappingId(file.dataflow, decl.source.type, decl.target.type),
    dataflow: file.dataflow,
    source: {
      system: file.source_system,
      type: decl.source.type,
      resource: decl.source.resource,
      filter: decl.source.filter,
    },
    target: { system: file.target_system, type: decl.target.type, resource: decl.target.resource },
    creation: decl.creation,
    referencedBy: decl.referenced_by,
    props: decl.props.map((p) => buildProp(p, file)),
  };
  if (decl.source.lines_of !== undefined) mapping.source.linesOf = decl.source.lines_of;
  if (decl.target.lines_into !== undefined) mapping.target.linesInto = decl.target.lines_into;
  if (decl.target.settles_from !== undefined) mapping.target.settlesFrom = { ...decl.target.settles_from };
  const parent = decl.target.parent;
  if (parent !== undefined) {
    const referenced = file.mappings.find(
      (m) => m.source.type === parent.reference && m.unsupported === undefined && m.enabled && m.part_of === undefined,
    );
    mapping.target.parent = {
      mapping: parent.reference,
      resource: referenced?.source.resource ?? parent.reference,
      field: parent.field,
    };
  }
  if (decl.merge_key !== undefined) mapping.mergeKey = decl.merge_key;
  if (decl.currency !== undefined) mapping.currency = decl.currency;
  if (decl.target_id !== undefined) {
    mapping.targetId = decl.target_id;
    mapping.idPrefix = decl.target_id.prefix;
  }
  if (decl.unsupported !== undefined) mapping.unsupported = decl.unsupported;
  if (!decl.enabled) mapping.switchedOff = decl.switched_off ?? 'switched off in the dataflow file';
  if (decl.document !== undefined) {
    mapping.document = {
      readyWhen: { ...decl.document.ready_when },
      ignoreInContent: [...decl.document.ignore_in_content],
      writtenAs: decl.document.written_as,
      changeAfterWrite: decl.document.change_after_write,
    };
  }
  if (decl.requires_one_of !== undefined) mapping.requiresOneOf = decl.requires_one_of;
  return mapping;
}

function buildDataflow(file: DataflowFile, fileName: string): Dataflow {
  const mappings = file.mappings.map((m) => buildMapping(m, file));
  file.mappings.forEach((decl, i) => {
    if (decl.part_of === undefined) return;
    const lineMapping = mappings[i]!;
    const parent = mappings.find((m, j) => file.mappings[j]!.part_of === undefined && m.source.type === decl.part_of);
    if (parent === undefined) return; // the schema reports it
    lineMapping.partOf = parent.id;
    parent.lines = lineMapping;
  });
  return {
    id: file.dataflow,
    title: file.title,
    file: fileName,
    sourceSystem: file.source_system,
    targetSystem: file.target_system,
    seeds: file.seeds,
    mappings,
  };
}

/** Parses and validates one dataflow file's text. `fileName` names the file in errors. */
export function parseDataflow(yamlText: string, fileName: string): Dataflow {
  const document = parseDocument(yamlText, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new DataflowFileError(
      fileName,
      document.errors.map((e) => `YAML: ${e.message}`),
    );
  }
  const parsed = dataflowFileSchema.safeParse(document.toJS());
  if (!parsed.success) throw new DataflowFileError(fileName, describeIssues(parsed.error));
  return buildDataflow(parsed.data, fileName);
}

/** Loads every `*.yaml` in `dir` (default: the repository's dataflows/ folder), in file-name order. */
export function loadDataflows(dir: string = defaultDataflowDir): Dataflow[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const flows = files.map((f) => parseDataflow(readFileSync(join(dir, f), 'utf8'), basename(f)));
  const ids = new Map<string, string>();
  for (const flow of flows) {
    const other = ids.get(flow.id);
    if (other !== undefined)
      throw new DataflowFileError(flow.file, [`dataflow: ${flow.id} is also declared in ${other}`]);
    ids.set(flow.id, flow.file);
  }
  return flows;
}
