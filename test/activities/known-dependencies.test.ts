import { withKnownDependencies } from '../../activities/known-dependencies';
import type { ProcessLinkEventsInput, ProcessLinkEventsResult } from '../../activities/link-activities';
import type { LinkState, TargetRef } from '../../model/sync-state';
import type { DependencyRequest } from '../../model/workflow-inputs';

const state: LinkState = {
  linkId: 'link/poweroffice-to-chargebee/SalesOrders/7',
  dataflow: 'poweroffice-to-chargebee',
  source: { system: 'poweroffice-go', resource: 'SalesOrders', id: '7' },
  status: 'pending',
  demanded: false,
  sourceVersion: 1,
  writtenSourceVersion: 0,
  sourceSeen: {},
  props: {},
  hashes: {},
  queue: [],
};

const dependency = (resource: string, id: string, field?: string): DependencyRequest => ({
  key: `${resource}/${id}`,
  dataflow: state.dataflow,
  source: { system: 'poweroffice-go', resource, id },
  ...(field === undefined ? {} : { field }),
});
const customer = dependency('Customers', '1', 'CustomerId');
const product = dependency('Products', '2', 'ProductId');
const target = (type: string, id: string): TargetRef => ({ system: 'chargebee', type, id });
const linked: Record<string, TargetRef> = {
  'Customers/1': target('customer', 'pogo-c-1'),
  'Products/2': target('item', 'pogo-p-2'),
};

const firstInput: ProcessLinkEventsInput = { state, events: [{ kind: 'resync' }], resolvedRefs: {} };
const waiting = (dependencies: DependencyRequest[]): ProcessLinkEventsResult => ({
  state: { ...state, status: 'waiting', lastSnapshotReadAt: 1_000 },
  dependencies,
});

/** A pass that asks for whatever it was not given, and writes once it has everything. */
function fakePass(needs: DependencyRequest[]) {
  const calls: ProcessLinkEventsInput[] = [];
  const pass = async (input: ProcessLinkEventsInput): Promise<ProcessLinkEventsResult> => {
    calls.push(input);
    if (input.dependencyProblem)
      return { state: { ...state, status: 'parked', parkedReason: input.dependencyProblem }, dependencies: [] };
    const missing = needs.filter((need) => input.resolvedRefs[need.key] === undefined);
    return missing.length > 0 ? waiting(missing) : { state: { ...state, status: 'linked' }, dependencies: [] };
  };
  return { pass, calls };
}

const lookUpIn =
  (known: Record<string, TargetRef>) =>
  async (request: DependencyRequest): Promise<TargetRef | undefined> =>
    known[request.key];

describe('withKnownDependencies', () => {
  it('writes in the same activity when every dependency is linked already, with their targets', async () => {
    const { pass, calls } = fakePass([customer, product]);
    const result = await withKnownDependencies(firstInput, waiting([customer, product]), lookUpIn(linked), pass);
    expect(result.state.status).toBe('linked');
    expect(result.dependencies).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.resolvedRefs).toEqual(linked);
    // The first pass's read goes with the second.
    expect(calls[0]?.state.lastSnapshotReadAt).toBe(1_000);
  });

  it('demands only the dependencies that have no target yet', async () => {
    const { pass, calls } = fakePass([customer, product]);
    const result = await withKnownDependencies(
      firstInput,
      waiting([customer, product]),
      lookUpIn({ 'Products/2': target('item', 'pogo-p-2') }),
      pass,
    );
    expect(result.dependencies).toEqual([customer]);
    expect(result.state.status).toBe('waiting');
    expect(calls).toHaveLength(0);
  });

  it('after the answers, looks the others up again and writes', async () => {
    const { pass } = fakePass([customer, product]);
    const afterAnswers: ProcessLinkEventsInput = {
      ...firstInput,
      resolvedRefs: { 'Customers/1': target('customer', 'c') },
    };
    const result = await withKnownDependencies(afterAnswers, waiting([product]), lookUpIn(linked), pass);
    expect(result.state.status).toBe('linked');
  });

  it('parks with the reason when a dependency looked up before is no longer linked after the answers', async () => {
    const { pass } = fakePass([customer, product]);
    const afterAnswers: ProcessLinkEventsInput = {
      ...firstInput,
      resolvedRefs: { 'Customers/1': target('customer', 'c') },
    };
    const result = await withKnownDependencies(afterAnswers, waiting([product]), lookUpIn({}), pass);
    expect(result.state.status).toBe('parked');
    expect(result.state.parkedReason).toBe('ProductId refers to Products/2, which is not linked any more');
    expect(result.dependencies).toEqual([]);
  });

  it('never leaves a link waiting when a pass still asks for more after everything resolved', async () => {
    const stubborn = async (): Promise<ProcessLinkEventsResult> => waiting([product]);
    const result = await withKnownDependencies(firstInput, waiting([product]), lookUpIn(linked), stubborn);
    expect(result.state.status).toBe('parked');
    expect(result.dependencies).toEqual([]);
  });

  it('asks a dependency that is not linked yet and writes in the same pass when it answers in time', async () => {
    const { pass, calls } = fakePass([customer, product]);
    const asked: string[] = [];
    const ensure = async (request: DependencyRequest): Promise<TargetRef | undefined> => {
      asked.push(request.key);
      return target('customer', 'pogo-c-1');
    };
    const result = await withKnownDependencies(
      firstInput,
      waiting([customer, product]),
      lookUpIn({ 'Products/2': target('item', 'pogo-p-2') }),
      pass,
      ensure,
    );
    expect(asked).toEqual(['Customers/1']);
    expect(result.state.status).toBe('linked');
    expect(result.dependencies).toEqual([]);
    expect(calls[0]?.resolvedRefs).toEqual(linked);
  });

  it('leaves a dependency that did not answer in time to the demand by signal, and never asks after the answers', async () => {
    const { pass } = fakePass([customer, product]);
    const ensure = jest.fn(async (): Promise<TargetRef | undefined> => undefined);
    const result = await withKnownDependencies(firstInput, waiting([customer, product]), lookUpIn({}), pass, ensure);
    expect(result.dependencies).toEqual([customer, product]);
    expect(ensure).toHaveBeenCalledTimes(2);

    ensure.mockClear();
    const afterAnswers: ProcessLinkEventsInput = { ...firstInput, resolvedRefs: linked };
    await withKnownDependencies(afterAnswers, waiting([product]), lookUpIn({}), pass, ensure);
    expect(ensure).not.toHaveBeenCalled();
  });

  it('leaves a pass without dependencies alone, asking nothing', async () => {
    const lookUp = jest.fn(lookUpIn(linked));
    const done: ProcessLinkEventsResult = { state: { ...state, status: 'linked' }, dependencies: [] };
    expect(await withKnownDependencies(firstInput, done, lookUp, fakePass([]).pass)).toBe(done);
    expect(lookUp).not.toHaveBeenCalled();
  });
});
