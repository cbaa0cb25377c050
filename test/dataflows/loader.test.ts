/** Loading dataflow files: an invalid file fails at start-up naming the file and the zod path of each problem. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataflowFileError, defaultDataflowDir, loadDataflows, parseDataflow } from '../../dataflows/engine';

const realText = readFileSync(join(defaultDataflowDir, 'poweroffice-to-chargebee.yaml'), 'utf8');

function problemsOf(text: string, file = 'poweroffice-to-chargebee.yaml'): string[] {
  try {
    parseDataflow(text, file);
  } catch (error) {
    if (error instanceof DataflowFileError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected the file to be refused');
}

const minimal = (mappings: string): string => `
dataflow: tiny
title: Tiny
source_system: poweroffice-go
target_system: chargebee
mappings:
${mappings}
`;

describe('invalid files', () => {
  test('a wrong direction names the file and the path of the pair', () => {
    const broken = realText.replace(
      '{pair: [emailAddress, email], direction: both, max_length: 70}',
      '{pair: [emailAddress, email], direction: sideways}',
    );
    const problems = problemsOf(broken);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^poweroffice-to-chargebee\.yaml: mappings\.0\.props\.0\.direction: /);
  });

  test('a one-way pair without a reason, in the fourth mapping', () => {
    const broken = realText.replace(
      '      - {pair: [EmailAddress, email], direction: both, max_length: 70}\n      - {pair: [FirstName, first_name], direction: both, max_length: 150}\n      - {pair: [LastName, last_name], direction: both, max_length: 150}\n      - pair: [Id, meta_data.pogo_employee_id]',
      '      - {pair: [EmailAddress, email], direction: to-target}\n      - {pair: [FirstName, first_name], direction: both, max_length: 150}\n      - {pair: [LastName, last_name], direction: both, max_length: 150}\n      - pair: [Id, meta_data.pogo_employee_id]',
    );
    expect(broken).not.toBe(realText);
    expect(problemsOf(broken)).toEqual([
      'poweroffice-to-chargebee.yaml: mappings.4.props.0.reason: a to-target pair must say why it is not two-way',
    ]);
  });

  test('every problem is listed, each with its path', () => {
    const problems = problemsOf(
      minimal(`
  - source: {type: A, resource: As, colour: red}
    target: {type: B, resource: b}
    creation: sometimes
    props: [{pair: [x], direction: both}]`),
      'tiny.yaml',
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^tiny\.yaml: mappings\.0\.source: Unrecognized key: "colour"/),
        expect.stringMatching(/^tiny\.yaml: mappings\.0\.creation: /),
        expect.stringMatching(/^tiny\.yaml: mappings\.0\.props\.0\.pair: /),
      ]),
    );
  });

  test('cross-references are checked: referenced_by, reference, part_of', () => {
    const problems = problemsOf(
      minimal(`
  - source: {type: A, resource: As}
    target: {type: B, resource: b}
    creation: on-demand
    referenced_by: [Orders]
    props:
      - {pair: [OwnerId, owner_id], direction: to-target, reference: Owners, reason: linked}
  - source: {type: L, resource: As, lines_of: Lines}
    target: {type: B, resource: b, lines_into: lines}
    part_of: Nothing
    creation: always
    props: []`),
      'tiny.yaml',
    );
    expect(problems).toEqual([
      'tiny.yaml: mappings.0.referenced_by.0: no mapping has source type Orders',
      'tiny.yaml: mappings.0.props.0.reference: no writable mapping has source type Owners',
      'tiny.yaml: mappings.1.part_of: no top-level mapping has source type Nothing',
    ]);
  });

  test('an id prefix that cannot fit the target id limit is refused', () => {
    expect(
      problemsOf(
        realText.replace(
          '{prefix: so-, source_id: uuid, max_length: 40}',
          '{prefix: salesorder-, source_id: uuid, max_length: 40}',
        ),
      ),
    ).toEqual([
      "poweroffice-to-chargebee.yaml: mappings.8.target_id: salesorder-<uuid> can be 47 characters, more than the target's 40",
    ]);
  });

  test('a two-way pair cannot use a conversion that has no reverse', () => {
    const problems = problemsOf(
      minimal(`
  - source: {type: A, resource: As}
    target: {type: B, resource: b}
    creation: always
    currency: {field: Currency}
    props:
      - {pair: [Qty, amount], direction: both, conversion: {type: line-amount-minor-units, unit_price: Price}}`),
      'tiny.yaml',
    );
    expect(problems).toEqual([
      'tiny.yaml: mappings.0.props.0.conversion: conversion line-amount-minor-units has no reverse, so the pair cannot be two-way',
    ]);
  });

  test('money needs a currency: a mapping that converts money without declaring one is refused', () => {
    const withoutCurrency = realText.replace('    currency: {field: CurrencyCode, default: NOK}\n', '');
    expect(withoutCurrency).not.toBe(realText);
    const needsCurrency = (path: string, type: string): string =>
      `poweroffice-to-chargebee.yaml: ${path}.conversion: conversion ${type} needs the record's currency: ` +
      'declare currency: {field: …} on mapping Salesorders';
    expect(problemsOf(withoutCurrency)).toEqual([
      needsCurrency('mappings.5.props.0', 'money-minor-units'),
      needsCurrency('mappings.5.props.1', 'line-amount-minor-units'),
      needsCurrency('mappings.8.props.0', 'currency-code'),
    ]);
  });

  test("a default currency must be an ISO 4217 code; lines take their parent's currency", () => {
    const badDefault = realText.replace('{field: CurrencyCode, default: NOK}', '{field: CurrencyCode, default: nok1}');
    expect(problemsOf(badDefault)).toEqual([
      'poweroffice-to-chargebee.yaml: mappings.8.currency.default: must be an ISO 4217 currency code',
    ]);
    const partOf = '    part_of: Salesorders\n';
    const onLines = realText.replace(partOf, `${partOf}    currency: {field: CurrencyCode}\n`);
    expect(onLines).not.toBe(realText);
    expect(problemsOf(onLines)).toEqual([
      'poweroffice-to-chargebee.yaml: mappings.5.currency: lines carry no currency of their own: ' +
        'declare it on the parent mapping',
    ]);
  });

  test('a currency-code pair must read the currency field', () => {
    const problems = problemsOf(
      minimal(`
  - source: {type: A, resource: As}
    target: {type: B, resource: b}
    creation: always
    currency: {field: Currency}
    props:
      - {pair: [OtherCode, currency_code], direction: to-target, conversion: {type: currency-code}, reason: derived}`),
      'tiny.yaml',
    );
    expect(problems).toEqual([
      "tiny.yaml: mappings.0.props.0.pair.0: a currency-code pair must read the mapping's currency field Currency",
    ]);
  });

  test('a YAML syntax error names the file', () => {
    expect(problemsOf('dataflow: [unclosed', 'broken.yaml')[0]).toMatch(/^broken\.yaml: YAML: /);
  });
});

describe('loadDataflows', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linkflow-dataflows-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('the repository folder holds the dataflows, one file each', () => {
    expect(loadDataflows().map((f) => [f.id, f.file, f.sourceSystem, f.targetSystem])).toEqual([
      ['customcrm-to-poweroffice', 'customcrm-to-poweroffice.yaml', 'customcrm', 'poweroffice-go'],
      ['poweroffice-to-chargebee', 'poweroffice-to-chargebee.yaml', 'poweroffice-go', 'chargebee'],
      ['poweroffice-to-crmoffice', 'poweroffice-to-crmoffice.yaml', 'poweroffice-go', 'crmoffice'],
      ['poweroffice-to-unieconomy', 'poweroffice-to-unieconomy.yaml', 'poweroffice-go', 'unieconomy'],
    ]);
  });

  test('every file in a folder is read; an invalid one fails the load naming that file', () => {
    writeFileSync(join(dir, 'a.yaml'), realText);
    writeFileSync(join(dir, 'notes.txt'), 'not a dataflow');
    expect(loadDataflows(dir)).toHaveLength(1);
    writeFileSync(join(dir, 'b.yaml'), 'dataflow: Bad Id\n');
    expect(() => loadDataflows(dir)).toThrow(/^b\.yaml: dataflow: a dataflow id is lower-case/);
  });

  test('two files may not declare the same dataflow', () => {
    writeFileSync(join(dir, 'a.yaml'), realText);
    writeFileSync(join(dir, 'b.yaml'), realText);
    expect(() => loadDataflows(dir)).toThrow('b.yaml: dataflow: poweroffice-to-chargebee is also declared in a.yaml');
  });
});
