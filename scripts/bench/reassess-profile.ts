// Where a reassessment's CPU goes, per group, in one process: the worker's task (`reassessSlice`)
// over slices of the bench's mid-size market (`midSizeGroup`), as the slice query hands them over
// (JSON texts), in the steady state the `reassessment` case times: a first pass raises the
// register and sets the standings, the timed rounds find them (and the stored inputs) in place.
// `npx tsx scripts/bench/reassess-profile.ts [groups] [rounds]` prints CPU ms per group; run it
// under `node --cpu-prof` (after bundling, for line numbers) to see where they go.
import reassessSlice, { type MarketGroup, type SliceToAssess } from '../../src/commands/reassess-slice.js'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import type { OpenFlag } from '../../src/domain/register.js'
import { RULESETS } from '../../src/domain/ruleset.js'
import { midSizeGroup } from './market.js'

const groups = Number(process.argv[2] ?? 2000)
const rounds = Number(process.argv[3] ?? 5)
const ruleset = RULESETS['2027.1']
const councils: Record<string, number | null> = {}
const market: { group: MarketGroup; body: AnnualReturn }[] = []
for (let i = 1; i <= groups; i++) {
  const g = midSizeGroup(i)
  const latest = g.versions.at(-1)!
  // every council the market places with, a figure each (as councilFigures reads them)
  for (const p of latest.body.placements) councils[p.laCode] ??= 300 + (p.laCode.charCodeAt(8) % 7) * 50
  market.push({
    group: {
      providerId: g.id, name: g.name, rating: 'unrated', peBacked: null, difficultToReplace: null, openFlags: [], noticeInForce: false,
      returnId: latest.id, periodEnd: latest.body.periodEnd, firstSubmittedAt: g.versions[1].submittedAt,
      previousAccounts: g.versions[0].body.accounts, latestInputsSha256: null,
    },
    body: latest.body,
  })
}
const open: OpenFlag[] = []
const slices = () => {
  const out: SliceToAssess[] = []
  for (let k = 0; k < market.length; k += 500) {
    const part = market.slice(k, k + 500)
    const ids = new Set(part.map((m) => m.group.providerId))
    out.push({
      ruleset, councils, size: part.length, groups: part.map((m) => JSON.stringify(m.group)), bodies: part.map((m) => JSON.stringify(m.body)),
      open: JSON.stringify(open.filter((f) => ids.has(f.providerId))), register: 'null',
    })
  }
  return out
}

// The first reassessment: raises the register, sets every standing, stores the inputs.
const byId = new Map(market.map((m) => [m.group.providerId, m.group]))
for (const s of slices()) {
  const done = reassessSlice(s)
  for (const f of done.register.raise) open.push({ id: f.id, providerId: f.providerId, periodEnd: f.periodEnd, ruleId: f.ruleId, severity: f.severity as OpenFlag['severity'], status: 'open', explanation: f.explanation, evidence: f.evidence })
  for (const st of done.standings) Object.assign(byId.get(st.id)!, { rating: st.rating, peBacked: st.pe_backed, difficultToReplace: st.difficult, openFlags: st.open_flags })
  const shas = done.assessments.inputsSha256.split(',')
  done.assessments.providerIds.split(',').forEach((id, k) => { byId.get(id)!.latestInputsSha256 = shas[k] })
}
const steady = slices()
let changed = 0
for (let r = 0; r < rounds; r++) {
  const cpu = process.cpuUsage()
  const t = performance.now()
  for (const s of steady) changed += JSON.parse(reassessSlice(s).inputs).length
  const { user, system } = process.cpuUsage(cpu)
  console.log(`round ${r + 1}: ${((user + system) / 1000 / groups).toFixed(3)} ms CPU per group (${((performance.now() - t) / groups).toFixed(3)} ms wall)`)
}
if (changed) console.log(`(${changed} inputs not found stored: the steady state is not steady)`)
