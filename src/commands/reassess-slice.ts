// A slice of the market reassessed: each group's assessment made ready to store, and what it does to
// the register and to the provider's standing. Reassessment runs it on worker threads
// (`assessor-threads.ts`) when the market is large, or on the calling thread. It takes the slice as the
// database gave it (JSON texts) and gives back the assessments as the column texts their insert reads,
// so the thread that talks to the database neither parses a return nor serialises an assessment.
// It imports nothing of the database but types: each worker thread loads the domain alone.
import { randomUUID } from 'node:crypto'
import type { Accounts, AnnualReturn } from '../domain/annual-return.js'
import { assess, type Flag } from '../domain/assess-return.js'
import { jsonEqual } from '../domain/canonical-json.js'
import { previousReturnOf } from '../domain/metrics.js'
import { extractOf, type RegisterRead } from '../domain/quality.js'
import { registerChanges, standingAfter, type Rating } from '../domain/rating.js'
import type { OpenFlag } from '../domain/register.js'
import type { Ruleset } from '../domain/ruleset.js'
import { storedForm } from '../domain/stored-assessment.js'
import { ownershipOf } from '../domain/return-ownership.js'
import type { RegisterWrites } from '../db/queries/flags.js'
import type { AssessmentColumns } from '../db/queries/market.js'

/** One assessment a reassessment stores. */
interface StoredAssessment {
  id: string
  returnId: string
  providerId: string
  /** the exact JSON text of its output */
  output: string
  inputsSha256: string
  ofstedLoadId: number | null
}

/** U+001E, which JSON text never holds raw (JSON.stringify escapes every control character); `storeReassessments` splits on chr(30). */
const OUTPUT_SEPARATOR = '\x1e'

/** The slice's assessments as `storeReassessments` reads them: a text per column. */
export function assessmentColumns(rows: StoredAssessment[]): AssessmentColumns {
  for (const r of rows) if (r.output.includes(OUTPUT_SEPARATOR)) throw new Error(`assessment ${r.id}: its output holds the separator`)
  return {
    ids: rows.map((r) => r.id).join(','),
    returnIds: rows.map((r) => r.returnId).join(','),
    providerIds: rows.map((r) => r.providerId).join(','),
    outputs: rows.map((r) => r.output).join(OUTPUT_SEPARATOR),
    inputsSha256: rows.map((r) => r.inputsSha256).join(','),
    ofstedLoadIds: rows.map((r) => r.ofstedLoadId ?? '').join(','),
  }
}

/** A provider's latest return as the slice's query gives it, beside the document itself. */
export interface MarketGroup {
  providerId: string
  name: string
  rating: Rating
  peBacked: boolean | null
  difficultToReplace: boolean | null
  openFlags: string[]
  /** a failure-likely notice is in force (kept on the provider's row) */
  noticeInForce: boolean
  returnId: string
  periodEnd: string
  /** when the period's first version was filed: lateness runs from it */
  firstSubmittedAt: string
  /** the accounts of the latest version of the period before */
  previousAccounts: Accounts | null
  /** the inputs the return's latest assessment read (none before its first) */
  latestInputsSha256: string | null
}

export interface SliceToAssess {
  ruleset: Ruleset
  councils: Record<string, number | null>
  /** how many groups the slice holds */
  size: number
  /**
   * The slice's groups in provider id order, each as JSON text (`MarketGroup`), and beside each its
   * return's document as stored. Kept apart and parsed one group at a time: a group's objects then
   * die young, where parsing the slice whole kept 500 returns alive (and copied, and promoted) through
   * every collection until the last group was assessed.
   */
  groups: string[]
  /** each group's return document as stored (JSON text), in the same order */
  bodies: string[]
  /** JSON text: the slice's open flags (`OpenFlag`) */
  open: string
  /**
   * JSON text: what the slice read of the Ofsted register load the reassessment reads
   * (`RegisterRead`: the entries of every URN its returns list), or null when none is loaded
   */
  register: string
}

export interface SliceReassessed {
  assessed: number
  /** the assessments to insert, column by column (`storeReassessments`) */
  assessments: AssessmentColumns
  /** JSON text: the inputs not stored yet (`sha256`, `inputs`) */
  inputs: string
  /** what the slice's assessments do to the register */
  register: RegisterWrites
  /** providers whose standing the slice changes */
  standings: { id: string; rating: Rating; pe_backed: boolean; difficult: boolean; open_flags: string[] }[]
  ratingsMoved: { providerId: string; name: string; from: Rating; to: Rating }[]
  changes: { providerId: string; raised: string[]; cleared: string[] }[]
  flagsRaised: number
  flagsCleared: number
}

interface AssessedGroup {
  /** the stored text of the assessment */
  output: string
  /** what it read besides the return, as exact JSON text, and that text's SHA-256 */
  inputsText: string
  inputsSha256: string
  flags: Flag[]
  peBacked: boolean
  /** the register load it read (null: none, or a ruleset without QUA rules) */
  ofstedLoadId: number | null
}

function assessGroup(m: MarketGroup, body: AnnualReturn, councils: Record<string, number | null>, ruleset: Ruleset,
  register: RegisterRead | null): AssessedGroup {
  const ownership = ownershipOf(body).resolution
  const a = assess({
    annualReturn: body, previous: previousReturnOf(m.previousAccounts), councils, ownership,
    submittedAt: new Date(m.firstSubmittedAt).toISOString(), ruleset,
    // The iXBRL figures a return cites are not re-read in bulk; the filing's assessment compared them.
    ofstedRegister: extractOf(register, body.settings),
  })
  return { ...storedForm(a), flags: a.flags, peBacked: ownership.peBacked, ofstedLoadId: a.inputs.ofstedRegister?.loadId ?? null }
}

/** A worker's task: a slice of the market reassessed under one ruleset. */
export default function reassessSlice(task: SliceToAssess): SliceReassessed {
  const { ruleset } = task
  const { groups, bodies } = task
  const ofsted = JSON.parse(task.register) as RegisterRead | null
  if (groups.length !== bodies.length) throw new Error(`slice: ${groups.length} groups but ${bodies.length} returns`)
  const openByProvider = new Map<string, OpenFlag[]>()
  for (const f of JSON.parse(task.open) as OpenFlag[]) {
    const list = openByProvider.get(f.providerId)
    if (list) list.push(f)
    else openByProvider.set(f.providerId, [f])
  }
  const out: SliceReassessed = {
    assessed: 0, assessments: assessmentColumns([]), inputs: '', register: { raise: [], update: [], resolve: [], events: [] },
    standings: [], ratingsMoved: [], changes: [], flagsRaised: 0, flagsCleared: 0,
  }
  const { register } = out
  const assessments: StoredAssessment[] = []
  // An unchanged return reads the inputs its last assessment read: they are stored once, by content.
  const inputs: string[] = []
  groups.forEach((text, i) => {
    const m = JSON.parse(text) as MarketGroup
    const a = assessGroup(m, JSON.parse(bodies[i]) as AnnualReturn, task.councils, ruleset, ofsted)
    const assessmentId = randomUUID()
    assessments.push({ id: assessmentId, returnId: m.returnId, providerId: m.providerId, output: a.output, inputsSha256: a.inputsSha256, ofstedLoadId: a.ofstedLoadId })
    if (a.inputsSha256 !== m.latestInputsSha256) inputs.push(JSON.stringify({ sha256: a.inputsSha256, inputs: a.inputsText }))

    const providerOpen = openByProvider.get(m.providerId) ?? []
    const changes = registerChanges(providerOpen.filter((f) => f.periodEnd === m.periodEnd), a.flags)
    for (const f of changes.open) {
      const id = randomUUID()
      register.raise.push({ id, providerId: m.providerId, periodEnd: m.periodEnd, returnId: m.returnId, assessmentId, ruleId: f.ruleId, severity: f.severity, explanation: f.explanation, evidence: f.evidence })
      register.events.push({ id: randomUUID(), flagId: id, kind: 'raised', toStatus: 'open', text: f.explanation })
    }
    for (const { flag, raised } of changes.update) {
      // The same finding on the same return: nothing to record (the flag keeps the assessment that last changed it).
      if (flag.severity === raised.severity && flag.explanation === raised.explanation && jsonEqual(flag.evidence, raised.evidence)) continue
      register.update.push({ id: flag.id, severity: raised.severity, explanation: raised.explanation, evidence: raised.evidence, returnId: m.returnId, assessmentId })
      register.events.push({ id: randomUUID(), flagId: flag.id, kind: 'evidence_updated', text: raised.explanation })
    }
    for (const f of changes.resolve) {
      register.resolve.push(f.id)
      register.events.push({ id: randomUUID(), flagId: f.id, kind: 'transition', fromStatus: f.status, toStatus: 'resolved', text: `No longer raised under ruleset ${ruleset.version}` })
    }
    const { rating, openFlags: open_flags } = standingAfter(providerOpen, changes, m.noticeInForce)
    const difficult = a.flags.some((f) => f.ruleId === 'CONT-DIFFICULT-TO-REPLACE')
    if (rating !== m.rating || a.peBacked !== m.peBacked || difficult !== m.difficultToReplace || open_flags.join() !== m.openFlags.join()) {
      out.standings.push({ id: m.providerId, rating, pe_backed: a.peBacked, difficult, open_flags })
    }
    if (rating !== m.rating) out.ratingsMoved.push({ providerId: m.providerId, name: m.name, from: m.rating, to: rating })
    if (changes.open.length || changes.resolve.length) {
      out.changes.push({ providerId: m.providerId, raised: changes.open.map((f) => f.ruleId), cleared: changes.resolve.map((e) => e.ruleId) })
    }
    out.flagsRaised += changes.open.length
    out.flagsCleared += changes.resolve.length
    out.assessed++
  })
  out.assessments = assessmentColumns(assessments)
  out.inputs = `[${inputs.join(',')}]`
  return out
}
