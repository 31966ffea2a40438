// Quality rules (RULES.md, "Quality indicators", ruleset 2027.2): settings Ofsted judged
// Inadequate, and settings that are not registered. Neither fires without a register loaded.
//
// Not yet in RULE_IDS (ruleset 2027.2 builds on 2027.1): the checks take the part of a rule's
// context they read, so once RuleContext carries `ofstedRegister` and Metrics the quality metrics,
// `qualityRules` joins the other families in assess.ts as it is, and QUALITY_RULE_SHAPES and
// QUALITY_RULE_DESCRIPTIONS join RULE_CATALOGUE and RULE_DESCRIPTIONS.
import type { AnnualReturn } from '../annual-return.js'
import { formatNumber, formatPercent, listInWords } from '../explain.js'
import { matchSettings, type OfstedRegisterExtract, type QualityMetrics, type SettingMatch } from '../quality.js'
import type { RuleDefinition, RuleShape } from '../ruleset.js'
import type { Flag, JsonValue } from './rule.js'

export const QUALITY_RULE_IDS = ['QUA-INADEQUATE', 'QUA-UNREGISTERED'] as const
export type QualityRuleId = typeof QUALITY_RULE_IDS[number]

/** What the quality rules read of an assessment's context. */
export interface QualityRuleContext {
  annualReturn: Pick<AnnualReturn, 'settings'>
  metrics: QualityMetrics
  /** the register load the assessment read; null when none is loaded */
  ofstedRegister: OfstedRegisterExtract | null
}

export interface QualityFlag extends Omit<Flag, 'ruleId'> { ruleId: QualityRuleId }

export type QualityRuleCheck = (ctx: QualityRuleContext, rule: Pick<RuleDefinition, 'thresholds'>) => QualityFlag | null

/** The rules' entries in RULE_CATALOGUE: optional, since rulesets before 2027.2 have none. */
export const QUALITY_RULE_SHAPES: Readonly<Record<QualityRuleId, RuleShape>> = {
  'QUA-INADEQUATE': {
    severities: ['red', 'amber'], redStricter: 'higher', optional: true,
    thresholds: {
      red: { kind: 'fraction', meaning: 'red when the share of places in matched settings judged Inadequate ≥ this', min: 0, minExclusive: true, max: 1 },
      amber: { kind: 'fraction', meaning: 'amber when the share of places in matched settings judged Inadequate ≥ this', min: 0, minExclusive: true, max: 1 },
    },
  },
  'QUA-UNREGISTERED': {
    severities: ['amber'], optional: true,
    thresholds: { amber: { kind: 'count', meaning: 'amber when this many of the return\'s settings are not registered with Ofsted', integer: true, min: 1 } },
  },
}

/** Their entries in RULE_DESCRIPTIONS: threshold-free. */
export const QUALITY_RULE_DESCRIPTIONS: Readonly<Record<QualityRuleId, string>> = {
  'QUA-INADEQUATE': "Share of the places in the return's settings on Ofsted's register that are in settings whose latest judgement is Inadequate.",
  'QUA-UNREGISTERED': "The return's settings that are not on Ofsted's register, or are on it with a registration status other than Active.",
}

/** How many settings an explanation names before it says how many more there are. */
const NAMED = 5

const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1')

const places = (n: number) => `${formatNumber(n)} place${n === 1 ? '' : 's'}`

/** "SC1 (4 places), SC2 (2 places) and 3 more settings" */
const named = (items: string[]) =>
  items.length <= NAMED ? listInWords(items)
    : listInWords([...items.slice(0, NAMED), `${formatNumber(items.length - NAMED)} more setting${items.length - NAMED === 1 ? '' : 's'}`])

/** Where a setting's figures came from: its URN and places as filed, its register entry as read. */
const settingInputs = (m: SettingMatch, settings: AnnualReturn['settings'],
  filed: ('urn' | 'places')[], read: ('judgement' | 'registrationStatus')[]) => {
  const inputs: Record<string, JsonValue> = {}
  for (const f of filed) inputs[`/annualReturn/settings/${m.index}/${f}`] = settings[m.index][f]
  if (m.entry !== undefined) for (const f of read) inputs[`/ofstedRegister/settings/${escapeToken(m.urn)}/${f}`] = m.entry[f]
  return inputs
}

const inadequate: QualityRuleCheck = ({ annualReturn, metrics: m, ofstedRegister }, { thresholds: t }) => {
  if (ofstedRegister === null || m.placesInadequate === null) return null
  const severity = m.placesInadequate >= t.red ? 'red' : m.placesInadequate >= t.amber ? 'amber' : null
  if (severity === null) return null
  const matches = matchSettings(annualReturn.settings, ofstedRegister).filter(x => x.entry !== undefined)
  const judged = matches.filter(x => x.entry!.judgement === 'inadequate' && x.places > 0)
  const matchedPlaces = matches.reduce((n, x) => n + x.places, 0)
  const inadequatePlaces = judged.reduce((n, x) => n + x.places, 0)
  return {
    ruleId: 'QUA-INADEQUATE', severity,
    explanation: `${formatPercent(m.placesInadequate)} of places are in settings Ofsted judged Inadequate `
      + `(${severity} at ${formatPercent(t[severity])}): ${formatNumber(inadequatePlaces)} of ${places(matchedPlaces)} `
      + `in settings on the register, at ${named(judged.map(x => `${x.urn} (${places(x.places)})`))}.`,
    evidence: {
      metrics: { placesInadequate: m.placesInadequate, placesRequiresImprovement: m.placesRequiresImprovement },
      thresholds: { [severity]: t[severity] },
      inputs: {
        '/ofstedRegister/loadId': ofstedRegister.loadId,
        // every matched setting: the share's denominator as well as its numerator
        ...Object.assign({}, ...matches.map(x => settingInputs(x, annualReturn.settings, ['urn', 'places'], ['judgement']))),
      },
    },
  }
}

const unregistered: QualityRuleCheck = ({ annualReturn, metrics: m, ofstedRegister }, { thresholds: t }) => {
  if (ofstedRegister === null || m.unregisteredSettings === null || m.unregisteredSettings < t.amber) return null
  const settings = annualReturn.settings
  const found = matchSettings(settings, ofstedRegister).filter(x => x.unregistered)
  const n = m.unregisteredSettings
  const why = (x: SettingMatch) => (x.entry === undefined ? `${x.urn} (not on the register)` : `${x.urn} (registration ${x.entry.registrationStatus})`)
  return {
    ruleId: 'QUA-UNREGISTERED', severity: 'amber',
    explanation: `${formatNumber(n)} of the return's ${formatNumber(settings.length)} setting${settings.length === 1 ? '' : 's'} ${n === 1 ? 'is' : 'are'} `
      + `not registered with Ofsted (amber at ${formatNumber(t.amber)}): ${named(found.map(why))}.`,
    evidence: {
      metrics: { unregisteredSettings: n },
      thresholds: { amber: t.amber },
      inputs: {
        '/ofstedRegister/loadId': ofstedRegister.loadId,
        ...Object.assign({}, ...found.map(x => settingInputs(x, settings, ['urn'], ['registrationStatus']))),
      },
    },
  }
}

export const qualityRules: Readonly<Record<QualityRuleId, QualityRuleCheck>> = {
  'QUA-INADEQUATE': inadequate,
  'QUA-UNREGISTERED': unregistered,
}
