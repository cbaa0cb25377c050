/**
 * A connector for activity tests: it answers only what the test gives it, and any other call fails the test,
 * so a test also proves what the activity did not ask of the system.
 */
import type { ChangePage, Connector } from '../../connectors/connector';

export function fakeConnector(system: string, given: Partial<Omit<Connector, 'system'>> = {}): Connector {
  const refuse = (name: string) => (): never => {
    throw new Error(`${system} was asked ${name}`);
  };
  return {
    system,
    capabilities: () => ({}),
    readChanges: refuse('readChanges'),
    get: refuse('get'),
    findByKey: refuse('findByKey'),
    create: refuse('create'),
    update: refuse('update'),
    ...given,
  };
}

/** A change feed of one page, counting its reads. */
export function onePage(page: ChangePage, reads = { count: 0 }): Connector['readChanges'] {
  return async function* () {
    reads.count += 1;
    yield page;
  };
}
