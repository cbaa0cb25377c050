/**
 * Addresses as the API accepts them: a customer's billing address and an order's shipping address take the
 * same fields. The sandbox does not validate addresses, so every stored one is `not_validated`.
 */
export interface AddressInput {
  first_name?: string;
  last_name?: string;
  email?: string;
  company?: string;
  phone?: string;
  line1?: string;
  line2?: string;
  line3?: string;
  city?: string;
  state_code?: string;
  state?: string;
  zip?: string;
  country?: string;
}

/** The address as stored: the given fields, marked as not validated. */
export function unvalidatedAddress(input: AddressInput): AddressInput & { validation_status: 'not_validated' } {
  return { ...input, validation_status: 'not_validated' };
}
