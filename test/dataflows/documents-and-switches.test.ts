/**
 * Rules that used to be code now live in the dataflow file: when a document (a sales order) is ready to be
 * written and what its content is, and switching a mapping off with a reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pollerTargets } from '../../client/sync-control';
import {
  changedAfterWriteReason,
  defaultDataflowDir,
  describeDataflows,
  documentContent,
  isDocumentReady,
  mappedDocumentLines,
  mappingsForSourceRecord,
  parseDataflow,
  type Mapping,
} from '../../dataflows/engine';

const realText = readFileSync(join(defaultDataflowDir, 'poweroffice-to-chargebee.yaml'), 'utf8');
const realFlow = parseDataflow(realText, 'poweroffice-to-chargebee.yaml');

const orderMapping = (flow = realFlow): Mapping => {
  const mapping = flow.mappings.find((candidate) => candidate.lines !== undefined);
  if (!mapping) throw new Error('no mapping with lines');
  return mapping;
};

describe('documents', () => {
  test('a sales order is ready when the file says: confirmed, not draft', () => {
    const mapping = orderMapping();
    expect(isDocumentReady(mapping, { SalesOrderStatus: 'Confirmed' })).toBe(true);
    expect(isDocumentReady(mapping, { SalesOrderStatus: 'Draft' })).toBe(false);
    expect(isDocumentReady(mapping, {})).toBe(false);
  });

  test('another readiness rule in the file is the rule the engine applies', () => {
    const text = realText.replace(
      'ready_when: {field: SalesOrderStatus, equals: Confirmed}',
      'ready_when: {field: Approval, equals: Approved}',
    );
    const mapping = orderMapping(parseDataflow(text, 'poweroffice-to-chargebee.yaml'));
    expect(isDocumentReady(mapping, { SalesOrderStatus: 'Confirmed' })).toBe(false);
    expect(isDocumentReady(mapping, { Approval: 'Approved' })).toBe(true);
  });

  test('the change stamp is not content; a line is', () => {
    const mapping = orderMapping();
    const order = { Id: 'a', SalesOrderLines: [{ Quantity: 1 }], LastChangedDateTimeOffset: '2026-01-01T00:00:00Z' };
    const savedAgain = { ...order, LastChangedDateTimeOffset: '2026-01-02T00:00:00Z' };
    const lineChanged = { ...order, SalesOrderLines: [{ Quantity: 2 }] };
    expect(documentContent(mapping, savedAgain)).toEqual(documentContent(mapping, order));
    expect(documentContent(mapping, lineChanged)).not.toEqual(documentContent(mapping, order));
  });

  test('mapped lines are read from the list the line mapping writes into; the reason names what to do', () => {
    const mapping = orderMapping();
    expect(mappedDocumentLines(mapping, { order_line_items: [{ item_id: 'x' }] })).toHaveLength(1);
    expect(mappedDocumentLines(mapping, {})).toEqual([]);
    expect(changedAfterWriteReason(mapping, 'Salesorders 7', { type: 'invoice', id: 'inv-1' })).toBe(
      'Salesorders 7 changed after it was invoiced in Chargebee (invoice inv-1); linkflow does not rewrite an invoice: credit it and invoice again in Chargebee, or revert the change',
    );
  });
});

describe('switching a mapping off', () => {
  const switchedOff = realText.replace(
    '  - source: {type: Employees, resource: Employees}\n',
    '  - source: {type: Employees, resource: Employees}\n    enabled: false\n    switched_off: not wanted in this company\n',
  );

  test('a switched-off mapping is listed with its reason, never fed and never polled', () => {
    const flow = parseDataflow(switchedOff, 'poweroffice-to-chargebee.yaml');
    const employees = describeDataflows([flow]).find((d) => d.source.type === 'Employees');
    expect(employees?.switched_off).toEqual({ reason: 'not wanted in this company' });
    expect(mappingsForSourceRecord(flow, 'Employees', { FirstName: 'Ola' }).mappings).toEqual([]);
    expect(pollerTargets([flow]).map((target) => target.resource)).not.toContain('Employees');
    expect(pollerTargets([realFlow]).map((target) => target.resource)).toContain('Employees');
  });

  test('switching off without saying why is refused', () => {
    const withoutReason = switchedOff.replace('    switched_off: not wanted in this company\n', '');
    expect(() => parseDataflow(withoutReason, 'poweroffice-to-chargebee.yaml')).toThrow(
      /mappings\.4\.switched_off: a mapping with enabled: false says why/,
    );
  });
});
