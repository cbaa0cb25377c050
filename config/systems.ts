/**
 * The systems linkflow knows: one line each, a connector plug-in and its sandbox. The worker, the CLI, the
 * demo, the benchmark and the test harness loop over this list; nothing else names a system. Adding a system
 * is a connector folder, a sandbox folder, a dataflow file and one line here (docs/ARCHITECTURE.md).
 */
import { chargebeeConnectorPlugin } from '../connectors/chargebee/plugin';
import { crmOfficeConnectorPlugin } from '../connectors/crmoffice/plugin';
import { customCrmConnectorPlugin } from '../connectors/customcrm/plugin';
import { uniEconomyConnectorPlugin } from '../connectors/unieconomy';
import type { SystemConnectorPlugin } from '../connectors/plugin';
import { powerOfficeConnectorPlugin } from '../connectors/poweroffice-go/plugin';
import { chargebeeSandboxPlugin } from '../sandboxes/chargebee/plugin';
import { crmOfficeSandboxPlugin } from '../sandboxes/crmoffice/plugin';
import { customCrmSandboxPlugin } from '../sandboxes/customcrm/plugin';
import { uniEconomySandboxPlugin } from '../sandboxes/unieconomy';
import type { SandboxPlugin } from '../sandboxes/common/plugin';
import { powerOfficeSandboxPlugin } from '../sandboxes/poweroffice-go/plugin';

export interface SystemEntry {
  connector: SystemConnectorPlugin;
  sandbox: SandboxPlugin;
}

export const SYSTEMS: readonly SystemEntry[] = [
  { connector: powerOfficeConnectorPlugin, sandbox: powerOfficeSandboxPlugin },
  { connector: chargebeeConnectorPlugin, sandbox: chargebeeSandboxPlugin },
  { connector: crmOfficeConnectorPlugin, sandbox: crmOfficeSandboxPlugin },
  { connector: uniEconomyConnectorPlugin, sandbox: uniEconomySandboxPlugin },
  { connector: customCrmConnectorPlugin, sandbox: customCrmSandboxPlugin },
];

export function systemEntry(system: string): SystemEntry {
  const entry = SYSTEMS.find((candidate) => candidate.connector.system === system);
  if (!entry) {
    const known = SYSTEMS.map((candidate) => candidate.connector.system).join(', ');
    throw new Error(`linkflow knows no system "${system}" (known: ${known})`);
  }
  return entry;
}
