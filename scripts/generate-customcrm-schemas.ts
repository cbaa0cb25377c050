/**
 * Generates generated/customcrm.ts: zod (v4) schemas for every schema of the Custom CRM contract
 * (contracts/customcrm/openapi.yaml), plus the facts of the document that code on both sides needs (the
 * resources, the paging limits, the list filters, the operations, the webhook headers).
 *
 *   node bin/run-ts.js scripts/generate-customcrm-schemas.ts [openapi.yaml] [out.ts]
 *
 * The contract is linkflow's own, so the document is committed beside its output, and a test fails when the
 * output is older than the document (test/contract/generated-schemas.test.ts). The sandbox (the reference
 * implementation) and the connector share nothing but this output.
 *
 * Translation rules, for the subset of OpenAPI 3.1 / JSON Schema 2020-12 the contract uses (anything else
 * fails loudly rather than generate a wrong schema):
 * - every component schema becomes a const of the same name, declared after the ones it references;
 * - `type: [T, 'null']` and `anyOf: [X, {type: 'null'}]` become `.nullable()`;
 * - `allOf` of object schemas is flattened: their properties and `required` lists are merged, then the
 *   schema's own `properties` and `required` are added (the contract builds Create, Patch and read schemas
 *   from one set of fields this way);
 * - a property missing from `required` becomes `.optional()`;
 * - `additionalProperties: false` (plain objects) or `unevaluatedProperties: false` (objects built with
 *   `allOf`) make a strict object: request bodies refuse unknown fields. Other objects are loose, because a
 *   newer minor version of the contract may add fields to answers and clients must ignore them;
 * - strings keep `minLength`, `maxLength` and `pattern`; `format` is documentation only (the contract puts
 *   every format a check relies on into a `pattern`); string enums become `z.enum`;
 * - integers keep `minimum` and `maximum`; arrays keep `maxItems`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const DEFAULT_INPUT = path.join(__dirname, '..', 'contracts', 'customcrm', 'openapi.yaml');
const DEFAULT_OUTPUT = path.join(__dirname, '..', 'generated', 'customcrm.ts');

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  default?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: unknown;
  unevaluatedProperties?: unknown;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

const jsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.looseObject({
    $ref: z.string().optional(),
    type: z.union([z.string(), z.array(z.string())]).optional(),
    format: z.string().optional(),
    description: z.string().optional(),
    enum: z.array(z.unknown()).optional(),
    pattern: z.string().optional(),
    minLength: z.number().int().optional(),
    maxLength: z.number().int().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    maxItems: z.number().int().optional(),
    default: z.unknown().optional(),
    items: jsonSchema.optional(),
    properties: z.record(z.string(), jsonSchema).optional(),
    required: z.array(z.string()).optional(),
    additionalProperties: z.unknown().optional(),
    unevaluatedProperties: z.unknown().optional(),
    allOf: z.array(jsonSchema).optional(),
    anyOf: z.array(jsonSchema).optional(),
    oneOf: z.array(jsonSchema).optional(),
  }),
);

const parameterSchema = z.looseObject({
  $ref: z.string().optional(),
  name: z.string().optional(),
  in: z.string().optional(),
  schema: jsonSchema.optional(),
});
type Parameter = z.infer<typeof parameterSchema>;

const mediaSchema = z.record(z.string(), z.looseObject({ schema: jsonSchema.optional() }));
const operationSchema = z.looseObject({
  operationId: z.string(),
  parameters: z.array(parameterSchema).optional(),
  requestBody: z.looseObject({ content: mediaSchema }).optional(),
  responses: z.record(z.string(), z.looseObject({ $ref: z.string().optional(), content: mediaSchema.optional() })),
});
type Operation = z.infer<typeof operationSchema>;

const documentSchema = z.looseObject({
  openapi: z.string().startsWith('3.1'),
  info: z.looseObject({ version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  webhooks: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  components: z.looseObject({
    schemas: z.record(z.string(), jsonSchema),
    parameters: z.record(z.string(), parameterSchema).optional(),
  }),
});
type OpenApiDocument = z.infer<typeof documentSchema>;

const HTTP_METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;
/** The list parameters every resource shares; the others are its filters. */
const PAGING_PARAMETERS = new Set(['updatedSince', 'cursor', 'limit']);

function componentName(ref: string, kind: 'schemas' | 'parameters'): string {
  const prefix = `#/components/${kind}/`;
  if (!ref.startsWith(prefix)) throw new Error(`unsupported $ref "${ref}" (only ${prefix}…)`);
  return ref.slice(prefix.length);
}

/** `type: [T, 'null']` → T and whether null is allowed. */
function splitType(schema: JsonSchema): { type: string | undefined; nullable: boolean } {
  if (!Array.isArray(schema.type)) return { type: schema.type, nullable: false };
  const others = schema.type.filter((type) => type !== 'null');
  if (others.length > 1) throw new Error(`a union of types ${schema.type.join(', ')} is not supported`);
  return { type: others[0], nullable: others.length < schema.type.length };
}

/** `anyOf: [X, {type: 'null'}]` → X, nullable. */
function nullableAlternative(schema: JsonSchema): JsonSchema | undefined {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (!alternatives) return undefined;
  const isNull = (candidate: JsonSchema): boolean => candidate.type === 'null';
  const others = alternatives.filter((candidate) => !isNull(candidate));
  if (others.length !== 1 || others.length === alternatives.length || !others[0]) {
    throw new Error('anyOf/oneOf is supported only as [schema, {type: null}]');
  }
  return others[0];
}

interface FlatObject {
  properties: Record<string, JsonSchema>;
  required: string[];
  strict: boolean;
}

class Generator {
  private readonly order: string[] = [];
  private readonly done = new Set<string>();
  private readonly visiting = new Set<string>();

  constructor(private readonly schemas: Record<string, JsonSchema>) {}

  /** Every component, each after the ones it references (document order otherwise). */
  collectAll(): void {
    for (const name of Object.keys(this.schemas)) this.collect(name);
  }

  private collect(name: string): void {
    if (this.done.has(name)) return;
    if (this.visiting.has(name)) throw new Error(`schema cycle through ${name}: not supported`);
    const schema = this.schemas[name];
    if (!schema) throw new Error(`schema ${name} is not in the document`);
    this.visiting.add(name);
    for (const ref of this.refsOf(schema)) this.collect(ref);
    this.visiting.delete(name);
    this.done.add(name);
    this.order.push(name);
  }

  private refsOf(schema: JsonSchema): string[] {
    const nested = [
      ...(schema.allOf ?? []),
      ...(schema.anyOf ?? []),
      ...(schema.oneOf ?? []),
      ...(schema.items ? [schema.items] : []),
      ...Object.values(schema.properties ?? {}),
    ];
    return [...(schema.$ref ? [componentName(schema.$ref, 'schemas')] : []), ...nested.flatMap((s) => this.refsOf(s))];
  }

  private resolve(schema: JsonSchema): JsonSchema {
    if (!schema.$ref) return schema;
    const target = this.schemas[componentName(schema.$ref, 'schemas')];
    if (!target) throw new Error(`${schema.$ref} is not in the document`);
    return this.resolve(target);
  }

  /** The properties, required list and strictness of an object schema, `allOf` merged in. */
  flatten(schema: JsonSchema): FlatObject {
    const properties: Record<string, JsonSchema> = {};
    const required = new Set<string>();
    for (const part of schema.allOf ?? []) {
      const flat = this.flatten(this.resolve(part));
      Object.assign(properties, flat.properties);
      for (const name of flat.required) required.add(name);
    }
    Object.assign(properties, schema.properties ?? {});
    for (const name of schema.required ?? []) required.add(name);
    for (const name of required) {
      if (!(name in properties)) throw new Error(`required property ${name} is not defined`);
    }
    const strict = schema.allOf ? schema.unevaluatedProperties === false : schema.additionalProperties === false;
    return { properties, required: [...required], strict };
  }

  private isObject(schema: JsonSchema): boolean {
    return schema.allOf !== undefined || splitType(schema).type === 'object' || schema.properties !== undefined;
  }

  /** A zod expression for a schema in place. */
  expression(schema: JsonSchema): string {
    if (schema.$ref) return componentName(schema.$ref, 'schemas');
    const alternative = nullableAlternative(schema);
    if (alternative) return `${this.expression(alternative)}.nullable()`;
    if (this.isObject(schema)) return this.objectExpression(this.flatten(schema));
    const { type, nullable } = splitType(schema);
    let base: string;
    if (schema.enum) {
      const members = schema.enum.filter((member): member is string => typeof member === 'string');
      if (members.length !== schema.enum.length) throw new Error('only string enums are supported');
      base = `z.enum([${members.map((member) => JSON.stringify(member)).join(', ')}])`;
    } else {
      switch (type) {
        case 'string':
          base = 'z.string()';
          if (schema.minLength !== undefined) base += `.min(${schema.minLength})`;
          if (schema.maxLength !== undefined) base += `.max(${schema.maxLength})`;
          if (schema.pattern !== undefined) base += `.regex(new RegExp(${JSON.stringify(schema.pattern)}))`;
          break;
        case 'integer':
          base = 'z.number().int()';
          if (schema.minimum !== undefined) base += `.min(${schema.minimum})`;
          if (schema.maximum !== undefined) base += `.max(${schema.maximum})`;
          break;
        case 'boolean':
          base = 'z.boolean()';
          break;
        case 'array':
          if (!schema.items) throw new Error('array without items');
          base = `z.array(${this.expression(schema.items)})`;
          if (schema.maxItems !== undefined) base += `.max(${schema.maxItems})`;
          break;
        default:
          throw new Error(`unsupported schema type ${String(type)}`);
      }
    }
    return nullable ? `${base}.nullable()` : base;
  }

  private objectExpression(flat: FlatObject): string {
    const required = new Set(flat.required);
    const lines = Object.entries(flat.properties).map(([name, property]) => {
      const expression = this.expression(property);
      return `  ${name}: ${required.has(name) ? expression : `${expression}.optional()`},`;
    });
    return `z.${flat.strict ? 'strictObject' : 'looseObject'}({\n${lines.join('\n')}\n})`;
  }

  declarations(): string {
    return this.order
      .map((name) => {
        const schema = this.schemas[name];
        if (!schema) throw new Error(`schema ${name} vanished`);
        const summary = schema.description ? `/** ${firstSentence(schema.description)} */\n` : '';
        return `${summary}export const ${name} = ${this.expression(schema)};\nexport type ${name} = z.infer<typeof ${name}>;\n`;
      })
      .join('\n');
  }

  /** Property names, required names and strictness of every object schema, for code that walks fields. */
  fieldTable(): Record<string, { properties: string[]; required: string[]; strict: boolean }> {
    const table: Record<string, { properties: string[]; required: string[]; strict: boolean }> = {};
    for (const name of this.order) {
      const schema = this.schemas[name];
      if (!schema || !this.isObject(schema)) continue;
      const flat = this.flatten(schema);
      table[name] = { properties: Object.keys(flat.properties), required: flat.required, strict: flat.strict };
    }
    return table;
  }
}

function firstSentence(text: string): string {
  const paragraph = text.trim().split(/\n\s*\n/)[0] ?? '';
  return paragraph.replace(/\s+/g, ' ').replace(/\*\//g, '* /');
}

function parameterOf(document: OpenApiDocument, parameter: Parameter): Parameter {
  if (!parameter.$ref) return parameter;
  const resolved = document.components.parameters?.[componentName(parameter.$ref, 'parameters')];
  if (!resolved) throw new Error(`${parameter.$ref} is not in the document`);
  return resolved;
}

interface OperationRow {
  operationId: string;
  method: string;
  path: string;
  success: number[];
  requestBody: string | null;
  response: string | null;
  query: string[];
}

function schemaNameOf(content: z.infer<typeof mediaSchema> | undefined): string | null {
  const schema = Object.values(content ?? {})[0]?.schema;
  return schema?.$ref ? componentName(schema.$ref, 'schemas') : null;
}

function operations(document: OpenApiDocument): OperationRow[] {
  const rows: OperationRow[] = [];
  for (const [pathTemplate, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      if (item[method] === undefined) continue;
      const operation: Operation = operationSchema.parse(item[method]);
      const success = Object.keys(operation.responses)
        .filter((code) => /^2\d\d$/.test(code))
        .map(Number)
        .sort((a, b) => a - b);
      const firstSuccess = success[0] === undefined ? undefined : operation.responses[String(success[0])];
      rows.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path: pathTemplate,
        success,
        requestBody: schemaNameOf(operation.requestBody?.content),
        response: schemaNameOf(firstSuccess?.content),
        query: (operation.parameters ?? [])
          .map((parameter) => parameterOf(document, parameter))
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => parameter.name ?? ''),
      });
    }
  }
  return rows;
}

/** Resources are the paths without a parameter (`/customers`), in the document's order. */
function resources(document: OpenApiDocument): string[] {
  return Object.keys(document.paths)
    .filter((pathTemplate) => /^\/[a-z]+$/.test(pathTemplate))
    .map((pathTemplate) => pathTemplate.slice(1));
}

function listFilters(rows: OperationRow[], names: string[]): Record<string, string[]> {
  return Object.fromEntries(
    names.map((resource) => {
      const list = rows.find((row) => row.method === 'GET' && row.path === `/${resource}`);
      if (!list) throw new Error(`/${resource} has no GET`);
      for (const shared of PAGING_PARAMETERS) {
        if (!list.query.includes(shared)) throw new Error(`GET /${resource} lacks the ${shared} parameter`);
      }
      return [resource, list.query.filter((name) => !PAGING_PARAMETERS.has(name))];
    }),
  );
}

function pageLimits(document: OpenApiDocument): { default: number; maximum: number } {
  const limit = document.components.parameters?.['Limit']?.schema;
  if (typeof limit?.default !== 'number' || limit.maximum === undefined) {
    throw new Error('components.parameters.Limit needs a default and a maximum');
  }
  return { default: limit.default, maximum: limit.maximum };
}

function webhookHeaders(document: OpenApiDocument): string[] {
  const headers: string[] = [];
  for (const item of Object.values(document.webhooks ?? {})) {
    for (const method of HTTP_METHODS) {
      if (item[method] === undefined) continue;
      const operation = operationSchema.parse(item[method]);
      for (const parameter of operation.parameters ?? []) {
        const resolved = parameterOf(document, parameter);
        if (resolved.in === 'header' && resolved.name) headers.push(resolved.name);
      }
    }
  }
  return headers;
}

const constant = (value: unknown): string => `${JSON.stringify(value, null, 2)} as const`;

export function generate(documentText: string, command: string): string {
  const document = documentSchema.parse(parse(documentText));
  const generator = new Generator(document.components.schemas);
  generator.collectAll();
  const rows = operations(document);
  const names = resources(document);
  const [timestampHeader, signatureHeader, ...otherHeaders] = webhookHeaders(document);
  if (timestampHeader === undefined || signatureHeader === undefined || otherHeaders.length > 0) {
    throw new Error('the webhook needs exactly two headers: the timestamp, then the signature');
  }
  return `/* eslint-disable */
// GENERATED FILE: do not edit by hand.
// Generated from the Custom CRM contract, contracts/customcrm/openapi.yaml, by:
//   ${command}
// The translation rules are described in scripts/generate-customcrm-schemas.ts.
import { z } from 'zod';

/** The contract's version (info.version). */
export const CUSTOMCRM_CONTRACT_VERSION = ${JSON.stringify(document.info.version)};

${generator.declarations()}
/** The resources, by path name, in the document's order. */
export const CUSTOMCRM_RESOURCES = ${constant(names)};
export type CustomCrmResource = (typeof CUSTOMCRM_RESOURCES)[number];

/** \`limit\` of the list endpoints: its default and its largest value. */
export const CUSTOMCRM_PAGE_LIMIT = ${constant(pageLimits(document))};

/** The filters of each list endpoint, besides \`updatedSince\`, \`cursor\` and \`limit\`. */
export const customCrmListFilters = ${constant(listFilters(rows, names))};

/** The headers of a webhook delivery (the contract's \`webhooks\`). */
export const CUSTOMCRM_WEBHOOK_HEADERS = ${constant({ timestamp: timestampHeader, signature: signatureHeader })};

/** Properties, required properties and strictness of every object schema (\`allOf\` merged). */
export const customCrmSchemaFields = ${constant(generator.fieldTable())};

/** Every operation, with its documented success codes, body and answer schemas, and query parameters. */
export const customCrmOperations = ${constant(rows)};
`;
}

function main(argv: string[]): number {
  const [input = DEFAULT_INPUT, output = DEFAULT_OUTPUT] = argv;
  const command = 'node bin/run-ts.js scripts/generate-customcrm-schemas.ts';
  const source = generate(fs.readFileSync(input, 'utf8'), command);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, source);
  process.stdout.write(`wrote ${path.relative(process.cwd(), output)}\n`);
  return 0;
}

// Run when started as a script (bin/run-ts.js puts the script's path in argv[1]), not when imported.
if (path.resolve(process.argv[1] ?? '') === __filename) process.exitCode = main(process.argv.slice(2));
