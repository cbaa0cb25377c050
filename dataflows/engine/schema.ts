/**
 * The zod schema of a dataflow file (dataflows/*.yaml): what a file may say, checked field by field so that
 * an invalid file fails at start-up with the zod path of each problem. Rules that span mappings (references,
 * referenced_by, part_of, id lengths) are checked here too, so their errors carry paths as well.
 */
import { z } from 'zod';
import { currencyCodeSchema } from '../../model/money';
import { parseCondition } from './conditions';

const name = z.string().trim().min(1);

/**
 * `both`: synchronised whichever side is edited; `to-target`: written from the source only; `computed`: the
 * target computes it, never written; `unavailable`: a field one side's API does not have (a seed pair written
 * for another API version, a contract field the target has no place for), declared with the reason, never
 * read or written.
 */
export const directionSchema = z.enum(['both', 'to-target', 'computed', 'unavailable']);
export type Direction = z.infer<typeof directionSchema>;

export const conversionSchema = z.discriminatedUnion('type', [
  /**
   * Decimal major units → integer minor units of the record's currency (the mapping's `currency`); a finer
   * value also goes exactly to `decimal_field`.
   */
  z.strictObject({ type: z.literal('money-minor-units'), decimal_field: name.optional() }),
  /** The source value is a quantity; the result is `unit_price` × quantity in integer minor units of the currency. */
  z.strictObject({ type: z.literal('line-amount-minor-units'), unit_price: name }),
  /** The record's currency (the mapping's `currency`): an upper-case ISO 4217 code, the default when empty. */
  z.strictObject({ type: z.literal('currency-code') }),
  /** A quantity, fractions kept; a fractional one also goes as a decimal string to `decimal_field`. */
  z.strictObject({ type: z.literal('quantity'), decimal_field: name.optional() }),
  /** A Norwegian organisation number written as its 9 digits; an invalid one is left out with a warning. */
  z.strictObject({ type: z.literal('org-number') }),
  /**
   * A decimal number that one side writes as JSON text ("12.50", exact) and the other as a JSON number:
   * `target_form` says which the target takes; the reverse direction gives the source the other form.
   */
  z.strictObject({ type: z.literal('decimal'), target_form: z.enum(['number', 'text']) }),
  /**
   * One side's code for the other's (`confirmed` → `Confirmed`): `map` goes forward, its inverse backward. A
   * value the map does not name is a problem of the record, never passed on as it is.
   */
  z.strictObject({ type: z.literal('values'), map: z.record(z.string(), z.string()) }),
]);
export type ConversionDecl = z.infer<typeof conversionSchema>;

/** Conversions whose reverse is defined (a computed amount cannot be turned back into a quantity). */
export const reversibleConversions: ReadonlySet<ConversionDecl['type']> = new Set([
  'money-minor-units',
  'quantity',
  'org-number',
  'currency-code',
  'decimal',
  'values',
]);

/** Conversions that need the record's currency: minor units differ per currency (NOK 2 decimals, ISK 0, KWD 3). */
export const currencyConversions: ReadonlySet<ConversionDecl['type']> = new Set([
  'money-minor-units',
  'line-amount-minor-units',
  'currency-code',
]);

/**
 * Where a record's currency is: the source field with its ISO 4217 code, and the currency of a record whose
 * field is empty. Without a default, an empty field is a problem of the record (nothing is converted).
 */
export const currencySchema = z.strictObject({
  field: name,
  default: currencyCodeSchema.optional(),
});
export type CurrencyDecl = z.infer<typeof currencySchema>;

const conditionText = z.string().superRefine((text, ctx) => {
  try {
    parseCondition(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Narrows a resource to the records a seed type denotes. `missing` is the value assumed when the field is absent. */
export const recordFilterSchema = z
  .strictObject({
    field: name,
    equals: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    not_in: z.array(scalar).min(1).optional(),
    missing: scalar.optional(),
  })
  .refine((f) => [f.equals, f.in, f.not_in].filter((x) => x !== undefined).length === 1, {
    message: 'a filter needs exactly one of equals, in, not_in',
  });
export type RecordFilterDecl = z.infer<typeof recordFilterSchema>;

export const propSchema = z
  .strictObject({
    /** [sourcePath, targetPath], spelled as the seed spells them. */
    pair: z.tuple([name, name]),
    direction: directionSchema,
    conversion: conversionSchema.optional(),
    when: conditionText.optional(),
    /** The source type of the mapping whose linked target id replaces the source id. */
    reference: name.optional(),
    reason: name.optional(),
    added_by_linkflow: z.boolean().default(false),
    max_length: z.number().int().positive().optional(),
    /** Set to the reason a negative value parks the record. */
    refuse_negative: name.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.direction === 'both' && p.reference !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['reference'],
        message: 'a reference pair cannot be two-way: a linked id is not a source value',
      });
    }
    if (p.direction === 'both' && p.conversion !== undefined && !reversibleConversions.has(p.conversion.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['conversion'],
        message: `conversion ${p.conversion.type} has no reverse, so the pair cannot be two-way`,
      });
    }
  });
export type PropDecl = z.infer<typeof propSchema>;

export const mergeKeySchema = z.strictObject({
  source: name,
  /** The target's filter field: `email`, `cf_org_number`, `name`. */
  target: name,
  normalise: z.enum(['email', 'org-number', 'name']),
  max_length: z.number().int().positive().optional(),
  /** Link by this key only when exactly one source record has the value (the caller checks the source). */
  unique_in_source: z.boolean().default(false),
});
export type MergeKeyDecl = z.infer<typeof mergeKeySchema>;

/** The longest id of each kind a source system hands out. */
export const sourceIdLengths = { int64: 19, uuid: 36 } as const;

/**
 * Text ids (a contract's string ids, up to 64 characters) that do not fit after the prefix are written as the
 * prefix + `h` + 32 hex digits of their SHA-256: still one value per source record, and always this long.
 */
export const HASHED_TEXT_ID_LENGTH = 33;

/**
 * A record written once as a document with its lines (a sales order → an invoice): when it is ready, which
 * fields change without its content changing, and what a change after the write means for the user.
 */
export const documentSchema = z.strictObject({
  /** The document is written only once this field has this value; until then its link is dormant. */
  ready_when: z.strictObject({ field: name, equals: name }),
  /** Fields left out of the content comparison (a change stamp changes on every save). */
  ignore_in_content: z.array(name).default([]),
  /** How messages say it was written: `invoiced in Chargebee`. */
  written_as: name,
  /** What the user can do when the source changes after the write (linkflow never rewrites a document). */
  change_after_write: name,
});
export type DocumentDecl = z.infer<typeof documentSchema>;

export const targetIdSchema = z.strictObject({
  prefix: name,
  source_id: z.enum(['int64', 'uuid', 'text']),
  max_length: z.number().int().positive(),
});
export type TargetIdDecl = z.infer<typeof targetIdSchema>;

export const mappingSchema = z
  .strictObject({
    source: z.strictObject({
      type: name,
      resource: name,
      filter: z.array(recordFilterSchema).default([]),
      /** For line mappings: the field of the parent record holding the lines. */
      lines_of: name.optional(),
    }),
    target: z.strictObject({
      type: name,
      resource: name,
      /** For line mappings: the target list the lines go into. */
      lines_into: name.optional(),
      /**
       * When the target makes the record itself later (Chargebee creates an order when its invoice is paid):
       * the create answers with a record of `resource`, and the final record turns up in the target's change
       * feed with `field` holding that record's id. Watched through the change feed, never swept per record.
       */
      settles_from: z.strictObject({ resource: name, field: name }).optional(),
      /**
       * The target record lives under a parent record in the target (a PowerOffice contact person under its
       * customer): the parent is the target linked to the source record `field` points at, through the
       * mapping whose source type is `reference`. The link waits until that parent is linked.
       */
      parent: z.strictObject({ reference: name, field: name }).optional(),
    }),
    creation: z.enum(['always', 'on-demand']),
    referenced_by: z.array(name).default([]),
    merge_key: mergeKeySchema.optional(),
    target_id: targetIdSchema.optional(),
    /** The source type of the mapping whose records carry these as lines. */
    part_of: name.optional(),
    /** The currency of the record's amounts; a line mapping takes its parent's. */
    currency: currencySchema.optional(),
    unsupported: name.optional(),
    /** False switches the mapping off: it is listed, with `switched_off` as the reason, and never written. */
    enabled: z.boolean().default(true),
    switched_off: name.optional(),
    /** A record written once, with its lines, when it is ready (see documentSchema). */
    document: documentSchema.optional(),
    /**
     * A record needs at least one of these source fields filled (a person needs a name): one that has none
     * is parked with the reason instead of making an empty record in the target.
     */
    requires_one_of: z.strictObject({ fields: z.array(name).min(1), reason: name }).optional(),
    props: z.array(propSchema),
  })
  .superRefine((m, ctx) => {
    if (m.creation === 'on-demand' && m.referenced_by.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['referenced_by'],
        message: 'an on-demand mapping must name the types that reference it',
      });
    }
    if (m.target.parent !== undefined && m.part_of !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['target', 'parent'],
        message: 'lines live in their document, not under a parent',
      });
    }
    if (!m.enabled && m.switched_off === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['switched_off'],
        message: 'a mapping with enabled: false says why in switched_off',
      });
    }
    if (m.enabled && m.switched_off !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['switched_off'],
        message: 'switched_off is only for a mapping with enabled: false',
      });
    }
    const linesFields = [m.part_of, m.source.lines_of, m.target.lines_into].filter((x) => x !== undefined).length;
    if (linesFields !== 0 && linesFields !== 3) {
      ctx.addIssue({
        code: 'custom',
        path: ['part_of'],
        message: 'a line mapping needs part_of, source.lines_of and target.lines_into together',
      });
    }
    if (m.target_id !== undefined) {
      const kind = m.target_id.source_id;
      const longest = m.target_id.prefix.length + (kind === 'text' ? HASHED_TEXT_ID_LENGTH : sourceIdLengths[kind]);
      if (longest > m.target_id.max_length) {
        ctx.addIssue({
          code: 'custom',
          path: ['target_id'],
          message: `${m.target_id.prefix}<${m.target_id.source_id}> can be ${longest} characters, more than the target's ${m.target_id.max_length}`,
        });
      }
    }
    // In an unsupported mapping the mapping's own reason covers every pair.
    if (m.unsupported === undefined) {
      m.props.forEach((p, i) => {
        if (p.direction !== 'both' && p.reason === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['props', i, 'reason'],
            message: `a ${p.direction} pair must say why it is not two-way`,
          });
        }
      });
    }
    if (m.part_of !== undefined && m.currency !== undefined) {
      const message = 'lines carry no currency of their own: declare it on the parent mapping';
      ctx.addIssue({ code: 'custom', path: ['currency'], message });
    }
    // A currency-code pair writes the record's currency, so it must read the field that currency comes from.
    const currencyField = m.currency?.field;
    m.props.forEach((p, i) => {
      if (p.conversion?.type !== 'currency-code' || currencyField === undefined) return;
      if (p.pair[0].toLowerCase() !== currencyField.toLowerCase()) {
        const message = `a currency-code pair must read the mapping's currency field ${currencyField}`;
        ctx.addIssue({ code: 'custom', path: ['props', i, 'pair', 0], message });
      }
    });
    if (m.target.lines_into !== undefined) {
      const prefix = `${m.target.lines_into}.`;
      m.props.forEach((p, i) => {
        if (!p.pair[1].startsWith(prefix)) {
          ctx.addIssue({
            code: 'custom',
            path: ['props', i, 'pair', 1],
            message: `a line pair's target must start with ${prefix}`,
          });
        }
      });
    }
  });
export type MappingDecl = z.infer<typeof mappingSchema>;

export const dataflowFileSchema = z
  .strictObject({
    dataflow: name.regex(/^[a-z0-9-]+$/, 'a dataflow id is lower-case letters, digits and dashes'),
    title: name,
    source_system: name,
    target_system: name,
    seeds: z.array(z.string()).default([]),
    mappings: z.array(mappingSchema).min(1),
  })
  .superRefine((flow, ctx) => {
    const sourceTypes = new Set(flow.mappings.map((m) => m.source.type));
    const seen = new Map<string, number>();
    flow.mappings.forEach((m, i) => {
      const key = `${m.source.type}->${m.target.type}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['mappings', i],
          message: `${key} is declared twice (also mappings.${earlier})`,
        });
      }
      seen.set(key, i);
      m.referenced_by.forEach((ref, j) => {
        if (!sourceTypes.has(ref)) {
          ctx.addIssue({
            code: 'custom',
            path: ['mappings', i, 'referenced_by', j],
            message: `no mapping has source type ${ref}`,
          });
        }
      });
      // Money needs its currency: on the mapping itself, or for lines on the mapping whose records carry them.
      const currencyHolder =
        m.part_of === undefined ? m : flow.mappings.find((p) => p.source.type === m.part_of && p.part_of === undefined);
      m.props.forEach((p, j) => {
        if (p.conversion === undefined || !currencyConversions.has(p.conversion.type)) return;
        if (currencyHolder !== undefined && currencyHolder.currency === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['mappings', i, 'props', j, 'conversion'],
            message:
              `conversion ${p.conversion.type} needs the record's currency: ` +
              `declare currency: {field: …} on mapping ${currencyHolder.source.type}`,
          });
        }
      });
      if (m.part_of !== undefined) {
        const parent = flow.mappings.find((p) => p.source.type === m.part_of && p.part_of === undefined);
        if (parent === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['mappings', i, 'part_of'],
            message: `no top-level mapping has source type ${m.part_of}`,
          });
        } else if (parent.source.resource !== m.source.resource || parent.target.resource !== m.target.resource) {
          ctx.addIssue({
            code: 'custom',
            path: ['mappings', i, 'part_of'],
            message: `lines must share their parent's source and target resources`,
          });
        }
      }
      const parentOf = m.target.parent?.reference;
      if (
        parentOf !== undefined &&
        !flow.mappings.some(
          (r) => r.source.type === parentOf && r.unsupported === undefined && r.enabled && r.part_of === undefined,
        )
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['mappings', i, 'target', 'parent', 'reference'],
          message: `no writable mapping has source type ${parentOf}`,
        });
      }
      m.props.forEach((p, j) => {
        if (p.reference === undefined) return;
        const referenced = flow.mappings.some(
          (r) => r.source.type === p.reference && r.unsupported === undefined && r.enabled && r.part_of === undefined,
        );
        if (!referenced) {
          ctx.addIssue({
            code: 'custom',
            path: ['mappings', i, 'props', j, 'reference'],
            message: `no writable mapping has source type ${p.reference}`,
          });
        }
      });
    });
    const parents = flow.mappings.filter((m) => m.part_of !== undefined).map((m) => m.part_of);
    if (new Set(parents).size !== parents.length) {
      ctx.addIssue({ code: 'custom', path: ['mappings'], message: 'a mapping can have only one line mapping' });
    }
  });
export type DataflowFile = z.infer<typeof dataflowFileSchema>;
