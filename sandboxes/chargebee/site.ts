/**
 * What one emulated Chargebee site is configured with, and the simple tax rule it applies.
 *
 * Tax rule (the sandbox's own simplification of a site's tax settings): the site is Norwegian and charges
 * 25 % VAT to customers whose billing country is NO or not set, and no tax to customers elsewhere (export).
 * Item prices or charges marked not taxable are never taxed. Amounts are in minor units with two decimals.
 */
export interface SiteConfig {
  site: string;
  apiKey: string;
  /** Customer custom fields the site defines (`cf_…`); any other `cf_` parameter is refused. */
  customFields: readonly string[];
  /** The site enabled Orders before 2018-09-30, so the legacy `POST /orders` works. */
  legacyOrders: boolean;
  baseCurrency: string;
}

export const NORWEGIAN_VAT_PERCENT = 25;

export interface TaxDecision {
  rate: number;
  exemptReason?: 'region_non_taxable' | 'product_exempt';
}

export function taxFor(billingCountry: string | undefined, taxable: boolean): TaxDecision {
  if (!taxable) return { rate: 0, exemptReason: 'product_exempt' };
  if (billingCountry === undefined || billingCountry === '' || billingCountry.toUpperCase() === 'NO')
    return { rate: NORWEGIAN_VAT_PERCENT };
  return { rate: 0, exemptReason: 'region_non_taxable' };
}

export const taxOn = (amount: number, rate: number): number => Math.round((amount * rate) / 100);
