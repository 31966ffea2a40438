import type { Queryable } from '../client.js'
import type { Accounts } from '../../domain/annual-return.js'

/** The accounts read from an iXBRL document the provider uploaded, by its SHA-256. */
export async function ixbrlAccountsFor(_db: Queryable, _providerId: string, _sha256: string): Promise<Partial<Accounts> | undefined> {
  return undefined
}
