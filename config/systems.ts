/**
 * The systems linkflow knows: one line each, a connector plug-in and its sandbox. The worker, the CLI, the
 * demo, the benchmark and the test harness loop over this list; nothing else names a system. Adding a system
 * is a connector folder, a sandbox folder, a dataflow file and one line here (docs/ARCHITECTURE.md).
 *
 * A sandbox is loaded only when asked for: a worker never loads the sandboxes' web servers and stores, which
 * took about 11 MB of its heap (docs/DECISIONS.md 101). It is required, not imported: under tsx's CommonJS
 * hook `import()` goes to Node's ESM loader, which does not run TypeScript.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the sandboxes are required lazily, see above */
import { chargebeeConnectorPlugin } from '../connectors/chargebee/plugin';
import { crmOfficeConnectorPlugin } from '../connectors/crmoffice/plugin';
import { customCrmConnectorPlugin } from '../connectors/customcrm/plugin';
import { uniEconomyConnectorPlugin } from '../connectors/unieconomy';
import type { SystemConnectorPlugin } from '../connectors/plugin';
import { powerOfficeConnectorPlugin } from '../connectors/poweroffice-go/plugin';
import type { SandboxPlugin } from '../sandboxes/common/plugin';

export interface SystemEntry {
  connector: SystemConnectorPlugin;
  sandbox: () => SandboxPlugin;
}

export const SYSTEMS: readonly SystemEntry[] = [
  {
    connector: powerOfficeConnectorPlugin,
    sandbox: () =>
      (require('../sandboxes/poweroffice-go/plugin') as typeof import('../sandboxes/poweroffice-go/plugin'))
        .powerOfficeSandboxPlugin,
  },
  {
    connector: chargebeeConnectorPlugin,
    sandbox: () =>
      (require('../sandboxes/chargebee/plugin') as typeof import('../sandboxes/chargebee/plugin'))
        .chargebeeSandboxPlugin,
  },
  {
    connector: crmOfficeConnectorPlugin,
    sandbox: () =>
      (require('../sandboxes/crmoffice/plugin') as typeof import('../sandboxes/crmoffice/plugin'))
        .crmOfficeSandboxPlugin,
  },
  {
    connector: uniEconomyConnectorPlugin,
    sandbox: () =>
      (require('../sandboxes/unieconomy') as typeof import('../sandboxes/unieconomy')).uniEconomySandboxPlugin,
  },
  {
    connector: customCrmConnectorPlugin,
    sandbox: () =>
      (require('../sandboxes/customcrm/plugin') as typeof import('../sandboxes/customcrm/plugin'))
        .customCrmSandboxPlugin,
  },
];

/** Every system's sandbox, in the order of the list. */
export function sandboxPlugins(): SandboxPlugin[] {
  return SYSTEMS.map((entry) => entry.sandbox());
}

export function systemEntry(system: string): SystemEntry {
  const entry = SYSTEMS.find((candidate) => candidate.connector.system === system);
  if (!entry) {
    const known = SYSTEMS.map((candidate) => candidate.connector.system).join(', ');
    throw new Error(`linkflow knows no system "${system}" (known: ${known})`);
  }
  return entry;
}
