import type { ResolveRequest } from '../../model/workflow-inputs';

/** A merge request for a Chargebee customer, as a link's activity makes it; `overrides` change what a test needs. */
export function resolveRequest(overrides: Partial<ResolveRequest> = {}): ResolveRequest {
  return {
    linkId: 'link/x',
    mappingId: 'contact-persons',
    target: { system: 'chargebee', type: 'customer' },
    preferredId: 'pogo-cp-7',
    createValues: {},
    idempotencyKey: 'link/x/create',
    ...overrides,
  };
}
