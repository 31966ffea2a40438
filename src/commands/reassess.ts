// The whole market reassessed under the ruleset in force. Batched: the market is read in slices of
// one statement each; worker threads assess each slice; the writes go back in bulk statements, all
// in one transaction (a reassessment lands whole or not at all).
import type { Queryable } from '../db/client.js'
import type { ReassessDeps } from './deps.js'
import { authorise } from './authorise.js'
import { AssessorThreads } from './assessor-threads.js'
import type { MarketGroup, SliceReassessed } from './reassess-slice.js'
import { councilFigures } from '../db/queries/councils.js'
import { insertFlagEvents, raiseFlags, resolveFlags, updateFlags } from '../db/queries/flags.js'
import { loadInForce, marketReturns, providersWithReturns, readSlice, storeReassessments } from '../db/queries/market.js'
import { rulesetInForce } from '../db/queries/rulesets.js'
import { holdRegister, setStandings } from '../db/queries/standing.js'
import { appendAudit } from '../db/queries/audit.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { previousReturnOf, type PreviousReturn } from '../domain/metrics.js'
import { extractOf, type OfstedRegisterExtract } from '../domain/quality.js'
import { measuresQuality } from '../domain/ruleset.js'
import type { Rating } from '../domain/rating.js'

/** A provider's latest return as the market's stress tests read it. */
export interface MarketReturn extends Omit<MarketGroup, 'firstSubmittedAt' | 'previousAccounts' | 'latestInputsSha256'> {
  body: AnnualReturn
  firstSubmittedAt: Date
  previous: PreviousReturn | null
  /** what it reads of the Ofsted register in force (null: none loaded) */
  ofstedRegister: OfstedRegisterExtract | null
}

/** Every provider's latest return (or those given), parsed, with what its assessment reads beside it. */
export async function loadMarket(db: Queryable, providerIds?: string[]) {
  const rows = await marketReturns(db, providerIds)
  const market: MarketReturn[] = rows.map(({ body, firstSubmittedAt, previousAccounts, ofstedRegister, ...row }) => {
    const annualReturn = JSON.parse(body) as AnnualReturn
    return {
      ...row, body: annualReturn, firstSubmittedAt: new Date(firstSubmittedAt),
      previous: previousReturnOf(previousAccounts), ofstedRegister: extractOf(ofstedRegister, annualReturn.settings),
    }
  })
  return { market, councils: await councilFigures(db) }
}

/** Providers a reassessment reads in one statement and hands to a worker thread as one task. */
const SLICE = 500
const chunks = <T>(xs: T[], n = SLICE) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n))

export interface ReassessmentSummary {
  rulesetVersion: string
  assessed: number
  flagsRaised: number
  flagsCleared: number
  ratingsMoved: { providerId: string; name: string; from: Rating; to: Rating }[]
  changes: { providerId: string; raised: string[]; cleared: string[] }[]
  durationMs: number
}

/**
 * Reassesses every provider's latest return, slice by slice, in one transaction. Three things run
 * at once: the database reads the next slices and stores the last one's assessments (the
 * statements queue on the transaction's connection, in order), while the worker threads assess
 * this one (`AssessorThreads`; on this thread when none are given or the market is small). A slice
 * travels as JSON texts (its rows' texts as `readSlice` gave them, unparsed) and comes
 * back as the insert's column texts: this thread parses and serialises nothing per group.
 */
export async function reassessMarket(deps: ReassessDeps, actor: Actor): Promise<ReassessmentSummary> {
  authorise(actor, 'reassess')
  const { now } = deps
  const assessors = deps.assessorThreads ?? new AssessorThreads(0)
  const started = performance.now()
  return deps.db.transaction(async (tx) => {
    // No other writer to the register commits while the market is read and reassessed.
    await holdRegister(tx, 'exclusive')
    const { ruleset } = await rulesetInForce(tx)
    const councilsRead = await councilFigures(tx)
    // Every slice reads the one register load in force now (a load committing meanwhile waits for
    // the next reassessment); none under a ruleset without QUA rules, which reads no register.
    const ofstedLoadId = measuresQuality(ruleset) ? await loadInForce(tx) : null
    const slices = chunks(await providersWithReturns(tx))

    let writing: Promise<unknown> = Promise.resolve()
    const write = (store: () => Promise<unknown>) => {
      writing = writing.then(store)
      writing.catch(() => {}) // handled: awaited (and thrown) after the loop, rolling everything back
    }
    // A slice read and assessed: the worker threads take it as soon as its row arrives.
    const work = (slice: string[]) => {
      const done = readSlice(tx, slice[0], slice.at(-1)!, ofstedLoadId).then((row) => assessors.run({ ruleset, councils: councilsRead, ...row }))
      done.catch(() => {}) // handled: awaited in turn
      return done
    }

    const raised: SliceReassessed['register']['raise'] = []
    const updates: SliceReassessed['register']['update'] = []
    const resolved: string[] = []
    const events: SliceReassessed['register']['events'] = []
    const standings: SliceReassessed['standings'] = []
    const summary: ReassessmentSummary = { rulesetVersion: ruleset.version, assessed: 0, flagsRaised: 0, flagsCleared: 0, ratingsMoved: [], changes: [], durationMs: 0 }

    // Three slices are read (and assessed) ahead of the one being recorded.
    const pending = slices.slice(0, 3).map(work)
    for (let k = 0; k < slices.length; k++) {
      if (k + 3 < slices.length) pending.push(work(slices[k + 3]))
      const done = await pending[k]
      raised.push(...done.register.raise)
      updates.push(...done.register.update)
      resolved.push(...done.register.resolve)
      events.push(...done.register.events)
      standings.push(...done.standings)
      summary.ratingsMoved.push(...done.ratingsMoved)
      summary.changes.push(...done.changes)
      summary.flagsRaised += done.flagsRaised
      summary.flagsCleared += done.flagsCleared
      summary.assessed += done.assessed
      write(() => storeReassessments(tx, { rulesetVersion: ruleset.version, now, assessments: done.assessments, inputs: done.inputs }))
    }
    await writing

    for (const c of chunks(raised)) await raiseFlags(tx, c, now)
    for (const c of chunks(updates)) await updateFlags(tx, c, now)
    for (const c of chunks(resolved)) await resolveFlags(tx, c, now)
    for (const c of chunks(events)) await insertFlagEvents(tx, c, now, actor)
    for (const c of chunks(standings)) await setStandings(tx, c)
    summary.durationMs = Math.round(performance.now() - started)
    await appendAudit(tx, actor, {
      action: 'market.reassess', objectType: 'ruleset', objectId: ruleset.version,
      summary: { assessed: summary.assessed, flagsRaised: summary.flagsRaised, flagsCleared: summary.flagsCleared, ratingsMoved: summary.ratingsMoved.length },
    }, now)
    return summary
  })
}
