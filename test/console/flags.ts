// Flags for the console's tests, raised as a provider raises them: by filing a return.
import { bearer, seedProvider } from '../helper.js'
import { smallReturn } from '../fixtures/returns.js'
import type { App } from '../../src/app.js'

/** A group with a troubled return filed: a red going-concern flag and whatever else it raises. */
export async function troubledGroup(app: App, name: string) {
  const group = await seedProvider(app, { name })
  const body = smallReturn()
  body.accounts.goingConcernMaterialUncertainty = true
  const filed = await app.inject({ method: 'POST', url: `/v1/providers/${group.id}/returns`, headers: await bearer({ role: 'provider', providerId: group.id }), payload: body })
  if (filed.statusCode !== 201) throw new Error(`filing failed: ${filed.statusCode} ${filed.body}`)
  return group
}
