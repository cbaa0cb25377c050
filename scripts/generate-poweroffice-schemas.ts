/**
 * Generates generated/poweroffice-go.ts: zod (v4) schemas for the PowerOffice GO v2 DTOs linkflow uses, read
 * from PowerOffice's OpenAPI document, plus a table of the paths linkflow calls.
 *
 *   node bin/run-ts.js scripts/generate-poweroffice-schemas.ts <path-to-openapi.yaml> [out.ts]
 *
 * The document itself is never committed; only this script and its output are.
 *
 * Translation rules (why each one):
 * - every `$ref` a root pulls in is emitted as its own schema, dependencies first, under the document's name;
 * - `nullable` → `.nullable()`; a property missing from `required` → `.optional()`; a property both required and
 *   nullable is emitted required and non-null, because the server's [Required] rejects null;
 * - string enums → `z.enum`, int32/int64 → integer numbers (linkflow's ids stay below 2^53), uuid, date and
 *   date-time → strings (their formats vary: 7 fraction digits, offsets), `maxLength` → `.max()`;
 * - `type: object` without properties is .NET's `object` (e.g. JSON Patch `value`): any JSON, `z.unknown()`;
 * - objects are loose (extra fields pass through) so that a newer API revision does not break reading.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** The DTOs linkflow reads or writes; everything they reference is emitted too. */
const ROOT_SCHEMAS = [
  'CustomerDto',
  'CustomerPostDto',
  'ContactPersonDto',
  'ContactPersonPostDto',
  'EmployeeDto',
  'EmployeePostDto',
  'DepartmentDto',
  'DepartmentPostDto',
  'ProductDto',
  'ProductPostDto',
  'SupplierDto',
  'SupplierPostDto',
  'SalesOrderDto',
  'SalesOrderCompleteDto',
  'SalesOrderCompletePostDto',
  'SalesOrderLineDto',
  'SalesOrderLinePostDto',
  'ContactAddressDto',
  'ContactAddressPostDto',
  'AddressDto',
  'AddressPostDto',
  'ProblemDetails',
  'Operation',
  'ResourceParameters',
];

/** The endpoints linkflow uses: the resource collections and their item, Complete and Lines routes. */
const USED_PATH =
  /^\/(Customers|ContactPersons|Employees|Departments|Products|Suppliers|SalesOrders)(\/\{[^}]+\}(\/\{[^}]+\})?)?(\/Complete|\/Lines(\/\{[^}]+\})?)?$/;

// The OpenAPI subset this generator understands; anything else fails loudly instead of generating wrong types.
interface OpenApiSchema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  enum?: unknown[];
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: unknown;
  description?: string;
}
const openApiSchema: z.ZodType<OpenApiSchema> = z.lazy(() =>
  z.looseObject({
    $ref: z.string().optional(),
    type: z.string().optional(),
    format: z.string().optional(),
    nullable: z.boolean().optional(),
    readOnly: z.boolean().optional(),
    maxLength: z.number().optional(),
    enum: z.array(z.unknown()).optional(),
    items: openApiSchema.optional(),
    properties: z.record(z.string(), openApiSchema).optional(),
    required: z.array(z.string()).optional(),
    additionalProperties: z.unknown().optional(),
    description: z.string().optional(),
  }),
);
const responseSchema = z.looseObject({
  content: z.record(z.string(), z.looseObject({ schema: openApiSchema.optional() })).optional(),
});
const operationSchema = z.looseObject({
  parameters: z.array(z.looseObject({ in: z.string(), name: z.string(), schema: openApiSchema.optional() })).optional(),
  requestBody: z
    .looseObject({ content: z.record(z.string(), z.looseObject({ schema: openApiSchema.optional() })) })
    .optional(),
  responses: z.record(z.string(), responseSchema),
});
const documentSchema = z.looseObject({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), openApiSchema) }),
});

const HTTP_METHODS = ['get', 'post', 'patch', 'put', 'delete'];

function refName(ref: string): string {
  const name = ref.split('/').pop();
  if (!name || !ref.startsWith('#/components/schemas/')) throw new Error(`unsupported $ref "${ref}"`);
  return name;
}

class Generator {
  private readonly emitted = new Set<string>();
  private readonly order: string[] = [];
  private readonly visiting = new Set<string>();

  constructor(private readonly schemas: Record<string, OpenApiSchema>) {}

  /** Depth-first over $refs so that every schema is declared after the ones it uses. */
  collect(name: string): void {
    if (this.emitted.has(name)) return;
    if (this.visiting.has(name)) throw new Error(`schema cycle through ${name}: not supported`);
    const schema = this.schemas[name];
    if (!schema) throw new Error(`schema ${name} is not in the document`);
    this.visiting.add(name);
    for (const ref of this.refsOf(schema)) this.collect(ref);
    this.visiting.delete(name);
    this.emitted.add(name);
    this.order.push(name);
  }

  private refsOf(schema: OpenApiSchema): string[] {
    const refs: string[] = [];
    if (schema.$ref) refs.push(refName(schema.$ref));
    if (schema.items) refs.push(...this.refsOf(schema.items));
    for (const property of Object.values(schema.properties ?? {})) refs.push(...this.refsOf(property));
    return refs;
  }

  /** A zod expression for a schema used in place (a property or an array item). */
  expression(schema: OpenApiSchema): string {
    if (schema.$ref) return refName(schema.$ref);
    let base: string;
    if (schema.enum) {
      const members = schema.enum.filter((member): member is string => typeof member === 'string');
      if (members.length !== schema.enum.length) throw new Error('only string enums are supported');
      base = `z.enum([${members.map((member) => JSON.stringify(member)).join(', ')}])`;
    } else {
      switch (schema.type) {
        case 'integer':
          base = 'z.number().int()';
          break;
        case 'number':
          base = 'z.number()';
          break;
        case 'boolean':
          base = 'z.boolean()';
          break;
        case 'string':
          base = schema.maxLength !== undefined ? `z.string().max(${schema.maxLength})` : 'z.string()';
          break;
        case 'array':
          if (!schema.items) throw new Error('array without items');
          base = `z.array(${this.expression(schema.items)})`;
          break;
        case 'object':
          base = schema.properties ? this.objectExpression(schema) : 'z.unknown()';
          break;
        default:
          throw new Error(`unsupported schema type ${String(schema.type)}`);
      }
    }
    return schema.nullable && base !== 'z.unknown()' ? `${base}.nullable()` : base;
  }

  private objectExpression(schema: OpenApiSchema): string {
    const required = new Set(schema.required ?? []);
    const lines = Object.entries(schema.properties ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, property]) => {
        let expression: string;
        if (required.has(name)) {
          expression = this.expression({ ...property, nullable: false });
        } else {
          expression = `${this.expression(property)}.optional()`;
        }
        const readOnly = property.readOnly ? ' // read-only' : '';
        return `  ${name}: ${expression},${readOnly}`;
      });
    return `z.looseObject({\n${lines.join('\n')}\n})`;
  }

  declarations(): string {
    return this.order
      .map((name) => {
        const schema = this.schemas[name];
        if (!schema) throw new Error(`schema ${name} vanished`);
        const summary = schema.description
          ? `/** ${schema.description
              .split(/\r?\n|<p>/)[0]
              ?.trim()
              .replace(/\*\//g, '* /')} */\n`
          : '';
        return `${summary}export const ${name} = ${this.expression(schema)};\nexport type ${name} = z.infer<typeof ${name}>;\n`;
      })
      .join('\n');
  }

  /** Read-only and required property names per object schema, for servers and clients that need them. */
  metadata(): string {
    const entries = this.order.flatMap((name) => {
      const schema = this.schemas[name];
      if (!schema?.properties) return [];
      const readOnly = Object.entries(schema.properties)
        .filter(([, property]) => property.readOnly)
        .map(([key]) => key)
        .sort();
      return [
        `  ${name}: { readOnly: ${JSON.stringify(readOnly)}, required: ${JSON.stringify(schema.required ?? [])} },`,
      ];
    });
    return `export const schemaFields: Record<string, { readOnly: readonly string[]; required: readonly string[] }> = {\n${entries.join('\n')}\n};\n`;
  }
}

interface UsedPath {
  method: string;
  path: string;
  success: number[];
  requestBody: string | null;
  response: string | null;
  query: string[];
}

function usedPaths(document: z.infer<typeof documentSchema>): UsedPath[] {
  const rows: UsedPath[] = [];
  for (const [pathTemplate, item] of Object.entries(document.paths)) {
    if (!USED_PATH.test(pathTemplate)) continue;
    for (const method of HTTP_METHODS) {
      if (item[method] === undefined) continue;
      const operation = operationSchema.parse(item[method]);
      const success = Object.keys(operation.responses)
        .filter((code) => /^2\d\d$/.test(code))
        .map(Number)
        .sort();
      const successSchema = success
        .map((code) => operation.responses[String(code)]?.content)
        .flatMap((content) => Object.values(content ?? {}))
        .map((media) => media.schema)
        .find((schema) => schema !== undefined);
      const response = successSchema?.$ref
        ? refName(successSchema.$ref)
        : successSchema?.items?.$ref
          ? `${refName(successSchema.items.$ref)}[]`
          : null;
      const bodySchema = Object.values(operation.requestBody?.content ?? {})[0]?.schema;
      rows.push({
        method: method.toUpperCase(),
        path: pathTemplate,
        success,
        requestBody: bodySchema?.$ref ? refName(bodySchema.$ref) : null,
        response,
        query: (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => parameter.name),
      });
    }
  }
  return rows.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

export function generate(documentText: string, command: string): string {
  const document = documentSchema.parse(parse(documentText));
  const generator = new Generator(document.components.schemas);
  for (const name of ROOT_SCHEMAS) generator.collect(name);
  const paths = usedPaths(document);
  return `/* eslint-disable */
// GENERATED FILE: do not edit by hand.
// Generated from PowerOffice GO's v2 OpenAPI document by:
//   ${command}
// The translation rules are described in scripts/generate-poweroffice-schemas.ts.
import { z } from 'zod';

${generator.declarations()}
/**
 * ProblemDetails as servers send it on the wire: the document's schema spells the keys in PascalCase, its
 * examples and known clients in lower case. Derived from ProblemDetails by lower-casing the keys.
 */
export const ProblemDetailsLowercase = z.looseObject({
  detail: z.string().nullable().optional(),
  instance: z.string().nullable().optional(),
  status: z.number().int().nullable().optional(),
  title: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
});
export type ProblemDetailsLowercase = z.infer<typeof ProblemDetailsLowercase>;

${generator.metadata()}
/** The endpoints linkflow uses, with their documented success codes and body/response schemas. */
export const powerOfficePaths = ${JSON.stringify(paths, null, 2)} as const;
`;
}

function main(argv: string[]): number {
  const [input, output = path.join(__dirname, '..', 'generated', 'poweroffice-go.ts')] = argv;
  if (!input) {
    process.stderr.write(
      'usage: node bin/run-ts.js scripts/generate-poweroffice-schemas.ts <path-to-openapi.yaml> [out.ts]\n',
    );
    return 2;
  }
  const command = `node bin/run-ts.js scripts/generate-poweroffice-schemas.ts <poweroffice-go-v2.openapi.yaml>`;
  const source = generate(fs.readFileSync(input, 'utf8'), command);
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, source);
  process.stdout.write(`wrote ${path.relative(process.cwd(), output)}\n`);
  return 0;
}

// Run when started as a script (bin/run-ts.js puts the script's path in argv[1]), not when imported.
if (path.resolve(process.argv[1] ?? '') === __filename) process.exitCode = main(process.argv.slice(2));
