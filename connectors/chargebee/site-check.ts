/**
 * What kind of Chargebee site the connector talks to, found out at start-up with two harmless requests:
 * - does the site define the customer custom field `cf_org_number` (decisions 3)? A customer list filtered on
 *   it is refused when the field does not exist;
 * - does the site still accept legacy `POST /orders` (decisions 7)? Asking it to create an order for an
 *   invoice that cannot exist: a legacy site looks the invoice up and answers resource_not_found; any other
 *   site refuses the operation itself. Nothing is created either way.
 */
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { ChargebeeTransport } from './transport';

export const ORG_NUMBER_FIELD = 'cf_org_number';

/** An id no real customer or invoice has: the probes must never match or touch real data. */
const PROBE_VALUE = 'linkflow-site-check-0000';

export interface SiteCheck {
  orgNumberField: boolean;
  legacyOrders: boolean;
  /** Plain-language findings for the operator (start-up log, `linkflow doctor`). */
  messages: string[];
}

export async function checkSite(transport: ChargebeeTransport): Promise<SiteCheck> {
  const site = transport.site;
  const orgNumberField = await probeOrgNumberField(transport);
  const legacyOrders = await probeLegacyOrders(transport);
  const messages = [
    orgNumberField
      ? `Chargebee site ${site} defines the customer custom field ${ORG_NUMBER_FIELD}: organisations link by their organisation number.`
      : `Chargebee site ${site} has no customer custom field ${ORG_NUMBER_FIELD}: organisations will link only by the ids linkflow gave them, and organisation numbers are not written. Define the field in Chargebee (Settings › Configure Chargebee › Custom Fields, on Customers) to link existing organisations by number.`,
    legacyOrders
      ? `Chargebee site ${site} accepts legacy order creation (POST /orders): linkflow creates each order right after its invoice.`
      : `Chargebee site ${site} creates orders only when an invoice is paid: linkflow writes each sales order as an invoice and links the order when Chargebee creates it.`,
  ];
  return { orgNumberField, legacyOrders, messages };
}

async function probeOrgNumberField(transport: ChargebeeTransport): Promise<boolean> {
  try {
    await transport.send({ action: `check the customer custom field ${ORG_NUMBER_FIELD}` }, (sdk) =>
      sdk.customer.list({ limit: 1, [ORG_NUMBER_FIELD]: { is: PROBE_VALUE } }),
    );
    return true;
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) return false;
    throw error;
  }
}

async function probeLegacyOrders(transport: ChargebeeTransport): Promise<boolean> {
  try {
    // Without an idempotency key: a key would make a later identical probe replay this answer.
    await transport.send({ action: 'check legacy order creation' }, (sdk) =>
      sdk.order.create({ invoice_id: PROBE_VALUE }),
    );
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return true;
    if (error instanceof ValidationError || error instanceof ConflictError) return false;
    throw error;
  }
}
