/**
 * Items need an existing item family (reference §3.3). Every item linkflow creates goes into one family that
 * the connector creates on first use.
 */
import { DuplicateError, NotFoundError } from '../errors';
import { derivedIdempotencyKey } from './idempotency';
import type { ChargebeeTransport } from './transport';

export class ItemFamilyGuard {
  private ensured: Promise<void> | undefined;

  constructor(
    private readonly transport: ChargebeeTransport,
    readonly familyId: string,
  ) {}

  /** Resolves once the family exists; looks it up at most once per connector unless that failed. */
  ensure(): Promise<void> {
    if (this.ensured === undefined) {
      this.ensured = this.lookUpOrCreate().catch((error: unknown) => {
        this.ensured = undefined;
        throw error;
      });
    }
    return this.ensured;
  }

  private async lookUpOrCreate(): Promise<void> {
    const record = `item_family ${this.familyId}`;
    try {
      await this.transport.send({ action: 'retrieve item family', record }, (sdk) =>
        sdk.itemFamily.retrieve(this.familyId),
      );
      return;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    try {
      await this.transport.send({ action: 'create item family', record }, (sdk) =>
        sdk.itemFamily.create(
          { id: this.familyId, name: this.familyId, description: 'Items created by linkflow' },
          { 'chargebee-idempotency-key': derivedIdempotencyKey('linkflow', `item-family:${this.familyId}`) },
        ),
      );
    } catch (error) {
      // Created in the meantime by another worker: that is what we wanted.
      if (!(error instanceof DuplicateError)) throw error;
    }
  }
}
