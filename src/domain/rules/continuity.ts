// Continuity rules (RULES.md, "Continuity rules"): would councils struggle to place these children
// elsewhere if the group failed?
import { formatNumber, formatPercent, listInWords } from '../explain.js'
import { councilDependence } from '../metrics.js'
import type { RuleId } from '../ruleset.js'
import { flag, type JsonValue, type RuleCheck } from './rule.js'

const difficultToReplace: RuleCheck = ({ annualReturn, metrics: m, councils }, { thresholds: t }) => {
  const crossed: Record<string, number> = {}
  const reasons: string[] = []
  if (m.childrenPlaced >= t.childrenPlaced) {
    crossed.childrenPlaced = t.childrenPlaced
    reasons.push(`${formatNumber(m.childrenPlaced)} children placed (info at ${formatNumber(t.childrenPlaced)})`)
  }
  if (m.places >= t.places) {
    crossed.places = t.places
    reasons.push(`${formatNumber(m.places)} registered places (info at ${formatNumber(t.places)})`)
  }
  if (m.councilsServed >= t.councilsServed) {
    crossed.councilsServed = t.councilsServed
    reasons.push(`${formatNumber(m.councilsServed)} councils served (info at ${formatNumber(t.councilsServed)})`)
  }
  const inputs: Record<string, JsonValue> = {}
  if (m.maxCouncilDependence !== null && m.maxCouncilDependence >= t.maxCouncilDependence) {
    crossed.maxCouncilDependence = t.maxCouncilDependence
    // the council the metric came from (the first by laCode on a tie)
    const top = councilDependence(annualReturn.placements, councils).find(d => d.share === m.maxCouncilDependence)!
    reasons.push(`${formatPercent(top.share)} of one council's children looked after `
      + `(${top.laCode}: ${formatNumber(top.children)} of ${formatNumber(top.childrenLookedAfter)}; `
      + `info at ${formatPercent(t.maxCouncilDependence)})`)
    annualReturn.placements.forEach((p, i) => {
      if (p.laCode === top.laCode) {
        inputs[`/annualReturn/placements/${i}/laCode`] = p.laCode
        inputs[`/annualReturn/placements/${i}/children`] = p.children
      }
    })
    inputs[`/councils/${top.laCode}`] = top.childrenLookedAfter
  }
  if (reasons.length === 0) return null
  return flag('CONT-DIFFICULT-TO-REPLACE', 'info', `Difficult to replace: ${listInWords(reasons)}.`, {
    metrics: {
      childrenPlaced: m.childrenPlaced,
      places: m.places,
      councilsServed: m.councilsServed,
      maxCouncilDependence: m.maxCouncilDependence,
    },
    thresholds: crossed,
    inputs,
  })
}

export const continuityRules = {
  'CONT-DIFFICULT-TO-REPLACE': difficultToReplace,
} satisfies Partial<Record<RuleId, RuleCheck>>
