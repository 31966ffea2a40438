// Profit and extraction rules (RULES.md, ruleset 2027.1): what leaves the group through its owners
// and related parties, its margin with that disguised profit added back, and whose company owns
// the homes. They read the profit metrics an assessment under 2027.1 carries (../profit.ts).
import type { RelatedParty } from '../annual-return.js'
import { formatMoney, formatPercent, listInWords } from '../explain.js'
import { relatedPartyPaid, relatedPartyTotals } from '../profit.js'
import type { RuleId } from '../ruleset.js'
import { accountsInputs, flag, type JsonValue, type RuleCheck } from './rule.js'

type PaymentHead = keyof ReturnType<typeof relatedPartyPaid>

/** The filed payments of the named heads, each at its pointer (related parties by index, name first). */
const paymentInputs = (parties: readonly RelatedParty[], heads: PaymentHead[]): Record<string, JsonValue> => {
  // by assignment, in the same order as pairs would give (see accountsInputs)
  const out: Record<string, JsonValue> = {}
  parties.forEach((p, i) => {
    let named = false
    for (const head of heads) {
      const amount = p.payments[head]
      if (amount === undefined || amount === 0) continue
      if (!named) out[`/annualReturn/relatedParties/${i}/name`] = p.name
      named = true
      out[`/annualReturn/relatedParties/${i}/payments/${head}`] = amount
    }
  })
  return out
}

const extraction: RuleCheck = ({ annualReturn, metrics: m }, { thresholds: t }) => {
  if (m.extractionRate === undefined || m.extractionRate === null || !(m.extractionRate >= t.amber)) return null
  const parties = annualReturn.relatedParties ?? []
  const paid = relatedPartyTotals(parties)
  // RULES.md's own wording: "£2,100,000 rent, £600,000 fees, £1,500,000 shareholder-loan interest"
  const parts = ([
    ['rent', 'rent'], ['managementFees', 'fees'], ['other', 'other charges'],
    ['interest', 'shareholder-loan interest'], ['dividends', 'dividends'],
  ] as [PaymentHead, string][]).flatMap(([head, words]) => (paid[head] > 0 ? [`${formatMoney(paid[head])} ${words}`] : []))
  return flag('PRF-EXTRACTION', 'amber',
    `${formatMoney(m.valueExtracted!)} went to owners and related parties (${formatPercent(m.extractionRate)} of revenue): `
    + `${parts.join(', ')}.`,
    {
      metrics: {
        extractionRate: m.extractionRate,
        valueExtracted: m.valueExtracted!,
        relatedPartyCharges: m.relatedPartyCharges!,
        ownerFinanceCost: m.ownerFinanceCost!,
        distributions: m.distributions!,
      },
      thresholds: { amber: t.amber },
      inputs: {
        ...accountsInputs(annualReturn.accounts, ['revenue']),
        ...paymentInputs(parties, ['rent', 'managementFees', 'other', 'interest', 'dividends']),
      },
    })
}

const margin: RuleCheck = ({ annualReturn, metrics: m }, { thresholds: t }) => {
  if (m.adjustedMargin === undefined || m.adjustedMargin === null || !(m.adjustedMargin >= t.adjustedMargin)) return null
  const a = annualReturn.accounts
  const charges = m.relatedPartyCharges!
  return flag('PRF-MARGIN', 'info',
    `Operating margin with related-party charges added back is ${formatPercent(m.adjustedMargin)} `
    + `(info at ${formatPercent(t.adjustedMargin)}): ${formatMoney(a.operatingProfit)} operating profit `
    + (charges > 0 ? `and ${formatMoney(charges)} of rent, fees and other charges paid to related parties` : 'with nothing charged by related parties')
    + `, on ${formatMoney(a.revenue)} revenue.`,
    {
      metrics: {
        adjustedMargin: m.adjustedMargin,
        adjustedOperatingProfit: m.adjustedOperatingProfit!,
        relatedPartyCharges: charges,
        operatingMargin: m.operatingMargin ?? null,
      },
      thresholds: { adjustedMargin: t.adjustedMargin },
      inputs: {
        ...accountsInputs(a, ['revenue', 'operatingProfit']),
        ...paymentInputs(annualReturn.relatedParties ?? [], ['rent', 'managementFees', 'other']),
      },
    })
}

const relatedProperty: RuleCheck = ({ annualReturn, metrics: m }, { thresholds: t }) => {
  if (m.relatedRentShare === undefined || m.relatedRentShare === null || !(m.relatedRentShare >= t.relatedRentShare)) return null
  const a = annualReturn.accounts
  const parties = annualReturn.relatedParties ?? []
  const landlords = parties.filter(p => (p.payments.rent ?? 0) > 0)
  const rent = landlords.reduce((sum, p) => sum + p.payments.rent!, 0)
  return flag('PRF-RELATED-PROPERTY', 'info',
    `${formatPercent(m.relatedRentShare)} of the rent payable goes to related parties `
    + `(info at ${formatPercent(t.relatedRentShare)}): ${formatMoney(rent)} of ${formatMoney(a.rentPayable!)}, `
    + `to ${listInWords(landlords.map(p => p.name))}.`,
    {
      metrics: { relatedRentShare: m.relatedRentShare },
      thresholds: { relatedRentShare: t.relatedRentShare },
      inputs: { ...accountsInputs(a, ['rentPayable']), ...paymentInputs(parties, ['rent']) },
    })
}

export const profitRules = {
  'PRF-EXTRACTION': extraction,
  'PRF-MARGIN': margin,
  'PRF-RELATED-PROPERTY': relatedProperty,
} satisfies Partial<Record<RuleId, RuleCheck>>
