import type { Queryable } from '../client.js'

/** Whether a "failure likely" notice is in force for the provider. */
export async function noticeInForce(_db: Queryable, _providerId: string): Promise<boolean> {
  return false
}
