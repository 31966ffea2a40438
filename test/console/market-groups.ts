// The groups the market's tests file (besides flags.ts's troubled one), as providers file them.
import { bearer, seedProvider } from '../helper.js'
import { smallReturn } from '../fixtures/returns.js'
import type { App } from '../../src/app.js'

/**
 * A green group, difficult to replace (60 of Hartlepool's 334 looked-after children): the small
 * return, filed on time, its operating profit 5% of revenue. An 80% fall in EBITDA turns it red.
 */
export async function steadyGroup(app: App, name: string) {
  const group = await seedProvider(app, { name })
  const body = smallReturn({ periodEnd: '2026-09-30', seed: 2 })
  body.accounts.operatingProfit = 430_000
  body.placements = [{ laCode: 'E06000001', children: 60 }, { laCode: 'E06000053', children: 1 }]
  const filed = await app.inject({ method: 'POST', url: `/v1/providers/${group.id}/returns`, headers: await bearer({ role: 'provider', providerId: group.id }), payload: body })
  if (filed.statusCode !== 201) throw new Error(`filing failed: ${filed.statusCode} ${filed.body}`)
  return group
}
