/**
 * A record's currency, as its mapping declares it (`currency: {field: CurrencyCode, default: NOK}`): the one
 * currency that all of the record's money conversions use, its lines included. Resolved once per record, so
 * that an unknown code is one problem naming the record and the field, not one per amount.
 */
import { normaliseCurrencyCode } from '../../model/money';
import { getPath, isEmpty } from './paths';
import type { CurrencyDecl } from './schema';

export type RecordCurrency =
  /** `defaulted`: the field was empty and the declared default applies. */
  | { status: 'known'; code: string; defaulted: boolean }
  /** The field holds no usable code: the record must not be written (`reason` names the field and value). */
  | { status: 'refused'; code?: undefined; field: string; reason: string }
  /** The mapping converts no money, so it declares no currency. */
  | { status: 'undeclared'; code?: undefined };

export function recordCurrency(decl: CurrencyDecl | undefined, record: unknown): RecordCurrency {
  if (decl === undefined) return { status: 'undeclared' };
  const raw = getPath(record, decl.field);
  if (isEmpty(raw)) {
    if (decl.default !== undefined) return { status: 'known', code: decl.default, defaulted: true };
    const reason = `${decl.field} is empty and no default currency is declared; amounts are not converted without one`;
    return { status: 'refused', field: decl.field, reason };
  }
  const code = normaliseCurrencyCode(raw);
  if (code === undefined) {
    const reason =
      `${decl.field} ${JSON.stringify(raw)} is not an ISO 4217 currency code; ` +
      'amounts are not converted with a guessed one';
    return { status: 'refused', field: decl.field, reason };
  }
  return { status: 'known', code, defaulted: false };
}
