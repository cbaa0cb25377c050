/** A connector's `capabilities()`: each resource's declared capabilities, copied so callers cannot change them. */
import type { TypeCapabilities } from '../connector';

export function capabilitiesOf(
  types: readonly string[],
  resources: Readonly<Record<string, { capabilities: TypeCapabilities }>>,
): Record<string, TypeCapabilities> {
  return Object.fromEntries(
    types.flatMap((type) => {
      const resource = resources[type];
      return resource ? [[type, { ...resource.capabilities }]] : [];
    }),
  );
}
