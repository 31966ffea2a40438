// Quality beside finance (RULES.md, "Quality indicators", ruleset 2027.2): a return's settings
// matched by URN against Ofsted's register of children's social care settings, and the metrics the
// QUA rules read. Pure: the register arrives as the extract an assessment read and records.
import type { Setting } from './annual-return.js'

/** Ofsted's four judgements of "Overall experiences and progress of children and young people". */
export const JUDGEMENTS = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const
export type Judgement = typeof JUDGEMENTS[number]

/** How Ofsted writes each judgement. */
export const JUDGEMENT_WORDS: Readonly<Record<Judgement, string>> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement to be good',
  inadequate: 'Inadequate',
}

/** The registration status of a registered setting, as Ofsted writes it; any other status is not registered. */
export const ACTIVE_STATUS = 'Active'

/** What a return's setting is checked against: one row of the register. */
export interface RegisterEntry {
  registrationStatus: string
  /** the latest judgement; null when none is given (not yet inspected, not judged) */
  judgement: Judgement | null
}

/**
 * What an assessment reads of the register: which load, and the entries of the return's own URNs
 * (a URN of the return that the register lacks is absent here). Recorded with the assessment, so
 * a re-run reads the same register whatever has been loaded since.
 */
export interface OfstedRegisterExtract {
  loadId: number
  /** normalised URN → its entry */
  settings: Record<string, RegisterEntry>
}

/**
 * URNs compare without case or surrounding space: "sc123456 " in a return is Ofsted's SC123456.
 * Letters and digits are otherwise kept: SC123456 and 123456 are different settings (Ofsted numbers
 * newer registrations without the SC prefix).
 */
export const normaliseUrn = (urn: string) => urn.trim().toUpperCase()

/** Whether a registration status is Ofsted's "Active" (compared without case or surrounding space). */
export const isActive = (status: string) => status.trim().toLowerCase() === ACTIVE_STATUS.toLowerCase()

export interface SettingMatch {
  /** index into the return's settings */
  index: number
  urn: string
  /** the return's registered places for the setting */
  places: number
  /** the register's row for its URN; undefined when the register has none */
  entry: RegisterEntry | undefined
  /** not in the register, or in it with a status other than Active */
  unregistered: boolean
}

/** Each of the return's settings against the register, in filed order. */
export const matchSettings = (settings: readonly Setting[], register: OfstedRegisterExtract): SettingMatch[] =>
  settings.map((s, index) => {
    const urn = normaliseUrn(s.urn)
    const entry = Object.hasOwn(register.settings, urn) ? register.settings[urn] : undefined
    return { index, urn, places: s.places, entry, unregistered: entry === undefined || !isActive(entry.registrationStatus) }
  })

export interface QualityMetrics {
  /** places in matched settings judged Inadequate / places in matched settings */
  placesInadequate: number | null
  /** the same for "Requires improvement to be good" */
  placesRequiresImprovement: number | null
  /** the return's settings not in the register, or in it with a status other than Active */
  unregisteredSettings: number | null
}

/**
 * The quality metrics of a return's settings (RULES.md). All null when no register is loaded. The
 * two shares are null, too, when the matched settings hold no places (none matched, or every
 * matched setting files 0 places): there is nothing to divide, so QUA-INADEQUATE cannot fire, and
 * `unregisteredSettings` still counts what did not match. Places are the return's: the figure
 * `places` sums (RULES.md), filed for every setting, where the register gives none for agencies.
 * A matched setting counts whatever its status and judgement: a closed home judged Inadequate
 * still holds the places it held, and a home not yet inspected is in the denominator.
 */
export const qualityMetrics = (settings: readonly Setting[], register: OfstedRegisterExtract | null): QualityMetrics => {
  if (register === null) return { placesInadequate: null, placesRequiresImprovement: null, unregisteredSettings: null }
  const matches = matchSettings(settings, register)
  let matched = 0
  let inadequate = 0
  let requiresImprovement = 0
  for (const m of matches) {
    if (m.entry === undefined) continue
    matched += m.places
    if (m.entry.judgement === 'inadequate') inadequate += m.places
    else if (m.entry.judgement === 'requires_improvement') requiresImprovement += m.places
  }
  return {
    placesInadequate: matched > 0 ? inadequate / matched : null,
    placesRequiresImprovement: matched > 0 ? requiresImprovement / matched : null,
    unregisteredSettings: matches.filter(m => m.unregistered).length,
  }
}

/**
 * The extract of a register for one return: its URNs' entries only (as an assessment records the
 * councils it was placed with, not all 153), keys in sorted order.
 */
export const registerExtract = (
  loadId: number, settings: readonly Setting[], lookup: (urn: string) => RegisterEntry | undefined,
): OfstedRegisterExtract => {
  const urns = [...new Set(settings.map(s => normaliseUrn(s.urn)))].sort()
  const found: Record<string, RegisterEntry> = {}
  for (const urn of urns) {
    const entry = lookup(urn)
    if (entry !== undefined) found[urn] = { judgement: entry.judgement, registrationStatus: entry.registrationStatus }
  }
  return { loadId, settings: found }
}
