/** Text ids (a contract's string ids) as linkflow's reference: prefixed when they fit, hashed when not. */
import { parseDataflow, targetIdFor, type Mapping } from '../../dataflows/engine';

const mapping = parseDataflow(
  `
dataflow: crm-to-erp
title: CRM → ERP
source_system: crm
target_system: erp
mappings:
  - source: {type: Customer, resource: customers}
    target: {type: Customers, resource: Customers}
    creation: always
    target_id: {prefix: ccrm-c-, source_id: text, max_length: 50}
    props:
      - {pair: [name, Name], direction: both}
`,
  'crm-to-erp.yaml',
).mappings[0] as Mapping;

test('a short id is the prefix and the id; a long one the prefix and a digest, always within the limit', () => {
  expect(targetIdFor(mapping, 'cus_123')).toBe('ccrm-c-cus_123');
  const long = 'x'.repeat(64);
  const hashed = targetIdFor(mapping, long);
  expect(hashed).toMatch(/^ccrm-c-h[0-9a-f]{32}$/);
  expect(hashed.length).toBeLessThanOrEqual(50);
  expect(targetIdFor(mapping, long)).toBe(hashed);
  expect(targetIdFor(mapping, `${long.slice(1)}y`)).not.toBe(hashed);
});
