// The groups the council pages' tests read: filed through the API as providers file, placing
// children with the councils named, one troubled (a red going-concern flag) and given a notice by
// the regulator through the API.
import { bearer, seedProvider } from '../helper.js'
import { smallReturn } from '../fixtures/returns.js'
import type { App } from '../../src/app.js'

export const CAMDEN = 'E09000007'
export const KENT = 'E10000016'
const HARTLEPOOL = 'E06000001'

/** A group that has filed a return placing children with `laCodes`; `troubled`: its auditor doubts it can go on. */
export async function groupPlacing(app: App, name: string, laCodes: string[], troubled = false) {
  const group = await seedProvider(app, { name })
  // Its two homes are in the first two councils given (a third, Hartlepool, when only one is);
  // its children are placed with the councils given alone.
  // A period that ended two months ago: filed on time, whatever the day the tests run.
  const today = new Date()
  const periodEnd = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 0)).toISOString().slice(0, 10)
  const body = smallReturn({ laCodes: [...laCodes, HARTLEPOOL], periodEnd })
  body.placements = body.placements.filter((p) => laCodes.includes(p.laCode))
  if (troubled) body.accounts.goingConcernMaterialUncertainty = true
  const filed = await app.inject({ method: 'POST', url: `/v1/providers/${group.id}/returns`, headers: await bearer({ role: 'provider', providerId: group.id }), payload: body })
  if (filed.statusCode !== 201) throw new Error(`filing failed: ${filed.statusCode} ${filed.body}`)
  return group
}

/** The regulator warns every council holding the group's children that its failure is likely. */
export async function issueNotice(app: App, providerId: string, summary = 'Its lenders have withdrawn the revolving facility; the group may close homes within weeks.') {
  const res = await app.inject({ method: 'POST', url: `/v1/providers/${providerId}/notices`, headers: await bearer({ role: 'regulator' }), payload: { kind: 'failure_likely', summary } })
  if (res.statusCode !== 201) throw new Error(`notice: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string; addressees: Array<{ laCode: string; children: number }> }
}

/** Words no council page may show: money, ratios, and the names of the measures behind a rating. */
export const FIGURE_WORDS = [
  '£', '%', '×', 'EBITDA', 'Leverage', 'Interest cover', 'Senior net debt', 'Net assets', 'Z-score', 'headroom', 'Liquidity',
  'Revenue', 'Operating profit', 'margin', 'Councils served', 'Key metrics',
]

/** The figure words a page's text shows (none, for a council's page). */
export const figuresOn = (html: string) => {
  const text = html.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]*>/g, ' ')
  return FIGURE_WORDS.filter((w) => text.includes(w))
}
