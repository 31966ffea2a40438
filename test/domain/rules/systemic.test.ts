import t from 'tap'
import type { AnnualReturn } from '../../../src/domain/annual-return.js'
import { assess } from '../../../src/domain/assess-return.js'
import {
  baseInput, baseReturn, flagsOf, founderOwned, peOwned, severityOf, withAccounts,
} from '../../fixtures/golden/builders.js'

/** 260 children: difficult to replace. */
const large = (ret: AnnualReturn = baseReturn()): AnnualReturn =>
  ({ ...ret, placements: [{ laCode: 'E08000025', children: 260 }] })
const systemic = (annualReturn: AnnualReturn, ownership = peOwned('2023-01-01'), over: Parameters<typeof baseInput>[0] = {}) =>
  baseInput({ annualReturn, ownership, councils: {}, ...over })

t.test('SYS-CONTINUITY: PE-backed, difficult to replace, and financially flagged', async t => {
  t.equal(severityOf('SYS-CONTINUITY', systemic(large())), null, 'no FIN flag')
  // one amber: liquidity below 3 months (cash 10,000,000 + undrawn 5,000,000 on 4,250,000 a month → cash 5,000,000: 2.35)
  const oneAmber = large(withAccounts({ cash: 5_000_000 }))
  t.equal(severityOf('FIN-LIQUIDITY', systemic(oneAmber)), 'amber')
  t.equal(severityOf('SYS-CONTINUITY', systemic(oneAmber)), 'amber', 'exactly one amber FIN flag')
  // two ambers: and net liabilities
  const twoAmbers = large(withAccounts({ cash: 5_000_000, totalLiabilities: 81_000_000, totalEquity: -1_000_000 }))
  t.equal(severityOf('SYS-CONTINUITY', systemic(twoAmbers)), 'red', 'two amber FIN flags')
  const oneRed = large(withAccounts({ goingConcernMaterialUncertainty: true }))
  t.equal(severityOf('SYS-CONTINUITY', systemic(oneRed)), 'red', 'a red FIN flag')
  t.equal(severityOf('SYS-CONTINUITY', systemic(oneRed, founderOwned())), null, 'not PE-backed')
  t.equal(severityOf('SYS-CONTINUITY', systemic(withAccounts({ goingConcernMaterialUncertainty: true }))), null, 'not difficult to replace')
})

t.test('SYS-CONTINUITY: only FIN flags count', async t => {
  const opaque = { ...peOwned('2023-01-01'), resolvedPct: 50 }
  const input = systemic(large(withAccounts({ totalEquity: 10 })), opaque, { submittedAt: '2026-02-01T00:00:00Z' })
  t.same(assess(input).flags.map(f => `${f.ruleId} ${f.severity}`), [
    'CMP-LATE red', 'CMP-INCONSISTENT amber', 'OWN-OPACITY amber',
    'CONT-DIFFICULT-TO-REPLACE info', 'OWN-OFFSHORE info', 'OWN-PE-BACKED info',
  ])
})

t.test('SYS-CONTINUITY: explains which FIN flags', async t => {
  const ret = large(withAccounts({ goingConcernMaterialUncertainty: true, auditOpinion: 'qualified', cash: 5_000_000 }))
  const [flag] = flagsOf('SYS-CONTINUITY', systemic(ret))
  t.equal(flag.explanation, 'Private-equity-backed and difficult to replace, with red flag FIN-GOING-CONCERN and amber flag '
    + 'FIN-LIQUIDITY: its failure would threaten placement continuity.')
  t.same(flag.evidence, { metrics: { redFinFlags: 1, amberFinFlags: 1 }, thresholds: {}, inputs: {} })
  const [amber] = flagsOf('SYS-CONTINUITY', systemic(large(withAccounts({ cash: 5_000_000 }))))
  t.equal(amber.explanation, 'Private-equity-backed and difficult to replace, with amber flag FIN-LIQUIDITY: its failure would threaten placement continuity.')
  const [byCount] = flagsOf('SYS-CONTINUITY', systemic(large(withAccounts({ cash: 5_000_000, totalLiabilities: 81_000_000, totalEquity: -1_000_000 }))))
  t.same(byCount.evidence.thresholds, { amberFinFlagsForRed: 2 })
  t.match(byCount.explanation, /with amber flags FIN-LIQUIDITY and FIN-NET-LIABILITIES:/)
})
