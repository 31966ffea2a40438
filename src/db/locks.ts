// Every transaction-scoped advisory lock the service takes, each id once. PostgreSQL's advisory
// locks share one key space per database: two uses of one id make unrelated writers wait for
// each other (rotating a signing key once waited for every filing in flight).
import { sql } from 'drizzle-orm'

export const LOCKS = {
  /**
   * The audit chain: held while a committing transaction numbers and hashes its entries. Taken by
   * migration 0007's trigger, where the id is written out (this entry records it; a test holds the
   * two to each other).
   */
  auditChain: 7340021,
  /** The register: shared by every writer to the register or a provider's standing, exclusive for a reassessment (`holdRegister`). */
  register: 7340022,
  /** Creating and rotating the key that signs webhook deliveries: there is only ever one current key. */
  signingKey: 7340023,
  /** Numbering Ofsted register loads: held by a load's transaction to its end, so loads are numbered without gaps in commit order. */
  ofstedLoads: 7340024,
} as const

/**
 * One council's webhooks, while a registration checks that its URL is not registered already: a
 * lock per council, keyed by `hashtext('webhooks:<laCode>')`. An int4 hash could equal one of the
 * ids above (about 3 in 2^32 per council): a registration would then wait for a filing, never
 * more.
 */
export const councilWebhooksLock = (laCode: string) => sql`hashtext(${'webhooks:' + laCode})`
