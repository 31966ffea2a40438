import type { Queryable } from '../client.js'

/** Whether a "failure likely" notice is in force for the provider. */
export async function noticeInForce(db: Queryable, providerId: string): Promise<boolean> {
  return (await noticesInForce(db, [providerId])).has(providerId)
}

/** The providers among these with a "failure likely" notice in force. */
export async function noticesInForce(_db: Queryable, _providerIds: string[]): Promise<Set<string>> {
  return new Set()
}
