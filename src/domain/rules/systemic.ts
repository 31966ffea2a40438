// The headline rule (RULES.md): a private-equity-backed group whose failure would threaten
// placement continuity. It reads the flags the other rules raised, never the figures again.
import { listInWords } from '../explain.js'
import type { RuleId } from '../ruleset.js'
import { flag, type RuleCheck } from './rule.js'

const continuity: RuleCheck = (_ctx, { thresholds: t }, raised) => {
  const has = (id: RuleId) => raised.some(f => f.ruleId === id)
  if (!has('OWN-PE-BACKED') || !has('CONT-DIFFICULT-TO-REPLACE')) return null
  const financial = raised.filter(f => f.ruleId.startsWith('FIN-'))
  const reds = financial.filter(f => f.severity === 'red').map(f => f.ruleId)
  const ambers = financial.filter(f => f.severity === 'amber').map(f => f.ruleId)
  const severity = reds.length > 0 || ambers.length >= t.amberFinFlagsForRed ? 'red'
    : ambers.length > 0 ? 'amber' : null
  if (severity === null) return null
  const named = (ids: string[], colour: string) =>
    ids.length === 0 ? [] : [`${colour} flag${ids.length === 1 ? '' : 's'} ${listInWords(ids)}`]
  return flag('SYS-CONTINUITY', severity,
    `Private-equity-backed and difficult to replace, with ${listInWords([...named(reds, 'red'), ...named(ambers, 'amber')])}: `
    + 'its failure would threaten placement continuity.',
    {
      metrics: { redFinFlags: reds.length, amberFinFlags: ambers.length },
      thresholds: reds.length === 0 && ambers.length >= t.amberFinFlagsForRed
        ? { amberFinFlagsForRed: t.amberFinFlagsForRed } : {},
      inputs: {},
    })
}

export const systemicRules = {
  'SYS-CONTINUITY': continuity,
} satisfies Partial<Record<RuleId, RuleCheck>>
