/**
 * `linkflow dataflows` and its --json shape: all 9 mappings with the seed's type names, system keys and pairs
 * exactly as the seed spells them, plus linkflow's own pairs and the unsupported mappings with their reason.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../client/commands/dataflows';
import { describeDataflows, loadDataflows, type MappingDescription } from '../../dataflows/engine';

interface SeedMapping {
  source: string;
  target: string;
  creation: string;
  props: [string, string][];
}

/** A literal copy of the seed's 9 mappings (the seed's dataflow poweroffice-to-chargebee). */
const seed: SeedMapping[] = [
  {
    source: 'Contactperson',
    target: 'Customer',
    creation: 'always',
    props: [
      ['emailAddress', 'email'],
      ['firstName', 'first_name'],
      ['lastName', 'last_name'],
    ],
  },
  { source: 'Customers', target: 'Customer', creation: 'on-demand', props: [] },
  { source: 'Customers', target: 'Business_entity', creation: 'always', props: [['Name', 'name']] },
  { source: 'Departments', target: 'Business_entity', creation: 'always', props: [['Name', 'name']] },
  {
    source: 'Employees',
    target: 'Customer',
    creation: 'always',
    props: [
      ['EmailAddress', 'email'],
      ['FirstName', 'first_name'],
      ['LastName', 'last_name'],
    ],
  },
  {
    source: 'Salesorderlines',
    target: 'Order',
    creation: 'always',
    props: [
      ['ProductUnitPrice', 'order_line_items.unit_price'],
      ['Quantity', 'order_line_items.amount'],
      ['VatRate', 'order_line_items.tax_amount'],
    ],
  },
  {
    source: 'Customers person',
    target: 'Customer',
    creation: 'always',
    props: [
      ['EmailAddress', 'email'],
      ['FirstName', 'first_name'],
      ['LastName', 'last_name'],
    ],
  },
  { source: 'Product', target: 'Item', creation: 'always', props: [['name', 'name']] },
  {
    source: 'Salesorders',
    target: 'Order',
    creation: 'always',
    props: [
      ['CurrencyCode', 'currency_code'],
      ['CustomerId', 'customer_id'],
      ['CustomerReferenceContactPersonId', 'customer_id'],
    ],
  },
];

/** The seed's other dataflows, literally, with their systems. */
const otherSeeds: Record<string, { source: string; target: string; mappings: SeedMapping[] }> = {
  // The seed lists no pairs for the Custom CRM: every pair is linkflow's own. Its orders' lines are linkflow's
  // own mapping too (the seed names Order only), listed after the four of the seed.
  'customcrm-to-poweroffice': {
    source: 'customcrm',
    target: 'poweroffice-go',
    mappings: [
      { source: 'Customer', target: 'Customers', creation: 'always', props: [] },
      { source: 'Contact', target: 'Contactperson', creation: 'always', props: [] },
      { source: 'Product', target: 'Product', creation: 'always', props: [] },
      { source: 'Order', target: 'Salesorders', creation: 'always', props: [] },
      { source: 'Orderlines', target: 'Salesorderlines', creation: 'always', props: [] },
    ],
  },
  'poweroffice-to-crmoffice': {
    source: 'poweroffice-go',
    target: 'crmoffice',
    mappings: [
      { source: 'Product', target: 'Companies', creation: 'always', props: [] },
      {
        source: 'Contactperson',
        target: 'Contacts',
        creation: 'always',
        props: [
          ['firstName', 'givenName'],
          ['lastName', 'familyName'],
        ],
      },
      {
        source: 'Suppliers person',
        target: 'Contacts',
        creation: 'always',
        props: [
          ['FirstName', 'givenName'],
          ['LastName', 'familyName'],
        ],
      },
    ],
  },
  'poweroffice-to-unieconomy': {
    source: 'poweroffice-go',
    target: 'unieconomy',
    mappings: [
      {
        source: 'Customers',
        target: 'Customers',
        creation: 'always',
        props: [
          ['OrganizationNumber', 'OrgNumber'],
          ['WebsiteUrl', 'WebUrl'],
          ['internationalIdNumber', 'OrgNumber'],
          ['vatNumber', 'OrgNumber'],
          ['websiteUrl', 'WebUrl'],
        ],
      },
      { source: 'Departments', target: 'Departments', creation: 'always', props: [['Name', 'Name']] },
    ],
  },
};

const flows = loadDataflows();
const described = describeDataflows(flows);

function find(source: string, target: string): MappingDescription {
  const found = described.find((d) => d.source.type === source && d.target.type === target);
  if (found === undefined) throw new Error(`${source} → ${target} is not described`);
  return found;
}

class Capture {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

describe('describeDataflows (the --json shape)', () => {
  test('every mapping of every dataflow, spelled as the seed spells them, with the seed pairs exactly', () => {
    const expected = flows.flatMap((flow) => {
      if (flow.id === 'poweroffice-to-chargebee')
        return seed.map((s) => ({ dataflow: flow.id, source: 'poweroffice-go', target: 'chargebee', shape: s }));
      const other = otherSeeds[flow.id];
      if (other === undefined) throw new Error(`no seed for ${flow.id}`);
      return other.mappings.map((s) => ({ dataflow: flow.id, source: other.source, target: other.target, shape: s }));
    });
    expect(
      described.map((d) => ({
        dataflow: d.dataflow,
        source: d.source.system,
        target: d.target.system,
        shape: { source: d.source.type, target: d.target.type, creation: d.creation, props: d.props },
      })),
    ).toEqual(expected);
    expect(flows.map((flow) => flow.id)).toEqual(
      expect.arrayContaining(['poweroffice-to-chargebee', 'poweroffice-to-crmoffice']),
    );
  });

  test('linkflow’s own pairs are listed apart and marked as added by linkflow', () => {
    const onDemand = find('Customers', 'Customer');
    expect(onDemand.linkflowProps).toEqual(
      expect.arrayContaining([
        ['Name', 'company'],
        ['EmailAddress', 'email'],
        ['OrganizationNumber', 'cf_org_number'],
      ]),
    );
    expect(onDemand.referenced_by).toEqual(['Salesorders', 'Salesorderlines']);
    expect(onDemand.propDetails.filter((p) => p.direction === 'both').every((p) => p.added_by_linkflow)).toBe(true);
    expect(find('Salesorderlines', 'Order').linkflowProps).toEqual(
      expect.arrayContaining([
        ['ProductId', 'order_line_items.item_id'],
        ['Description', 'order_line_items.description'],
      ]),
    );
  });

  test('every pair carries its direction, conversion and reason', () => {
    const lines = find('Salesorderlines', 'Order').propDetails;
    expect(lines.find((p) => p.target === 'order_line_items.unit_price')).toMatchObject({
      direction: 'to-target',
      conversion: expect.stringMatching(/minor units/),
      added_by_linkflow: false,
    });
    expect(lines.find((p) => p.target === 'order_line_items.tax_amount')).toMatchObject({
      direction: 'computed',
      reason: expect.stringMatching(/Chargebee computes/),
    });
    expect(find('Contactperson', 'Customer').propDetails[0]).toEqual({
      source: 'emailAddress',
      target: 'email',
      direction: 'both',
      added_by_linkflow: false,
      unsupported: false,
    });
    expect(find('Salesorders', 'Order').propDetails.find((p) => p.source === 'CustomerId')).toMatchObject({
      reference: 'Customers',
    });
  });

  test('both Business_entity mappings are unsupported, with the reason', () => {
    for (const source of ['Customers', 'Departments']) {
      const d = find(source, 'Business_entity');
      expect(d.unsupported?.reason).toMatch(/public API cannot create, read or change business entities/);
      expect(d.propDetails.every((p) => p.unsupported)).toBe(true);
    }
    expect(described.filter((d) => d.unsupported !== undefined)).toHaveLength(2);
  });
});

describe('linkflow dataflows', () => {
  test('--json prints describeDataflows', async () => {
    const out = new Capture();
    expect(await run(['--json'], out)).toBe(0);
    expect(JSON.parse(out.text)).toEqual(JSON.parse(JSON.stringify(described)));
  });

  test('the table shows arrows by direction and the unsupported mappings with their reason', async () => {
    const out = new Capture();
    expect(await run([], out)).toBe(0);
    expect(out.text).toContain('Contactperson → Customer');
    expect(out.text).toContain('emailAddress ↔ email');
    expect(out.text).toContain('ProductUnitPrice → order_line_items.unit_price');
    expect(out.text).toContain('VatRate ⇢ order_line_items.tax_amount');
    expect(out.text).toMatch(
      /Departments → Business_entity.*\n\s+UNSUPPORTED: Chargebee's public API cannot create, read or change business entities/,
    );
    expect(out.text).toContain('Name ✗ name');
  });

  test('an unknown option is a usage error; an invalid dataflow folder fails with the path', async () => {
    const out = new Capture();
    const err = new Capture();
    expect(await run(['--yaml'], out, err)).toBe(2);
    expect(err.text).toMatch(/usage: linkflow dataflows/);
    const dir = mkdtempSync(join(tmpdir(), 'linkflow-dataflows-cli-'));
    try {
      writeFileSync(
        join(dir, 'bad.yaml'),
        'dataflow: bad\ntitle: Bad\nsource_system: a\ntarget_system: b\nmappings: []\n',
      );
      expect(await run(['--dir', dir], out, err)).toBe(1);
      expect(err.text).toContain('bad.yaml: mappings: ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
