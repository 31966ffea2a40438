// How the council's pages say a group's standing: in words a commissioner uses, never a figure.
// A council may know which of the regulator's concerns are open about a group (the stability
// view's rule ids), not the measures behind them: each concern is said here without a number,
// a ratio or a sum of money, and without the names of the measures the regulator reads.
import type { Rating } from '../domain/rating.js'

/** What each rating means for the children placed with the group. */
export const RATING_MEANINGS: Record<Rating, string> = {
  red: 'The regulator judges that the group may fail. Plan for the children placed with it.',
  amber: 'The regulator has concerns about the group and is watching it closely.',
  green: 'The regulator has no open concern about the group.',
  unrated: 'The group has not filed a return yet, so the regulator has not rated it.',
}

/** Each open concern, as a commissioner would say it. */
const CONCERNS: Record<string, string> = {
  'FIN-LEVERAGE': 'Its debts are high for what it earns.',
  'FIN-INTEREST-COVER': 'It earns little more than it needs to pay the interest on its debts.',
  'FIN-COVENANT': 'It is close to breaking, or has broken, the terms of its lenders’ loans.',
  'FIN-REFINANCING': 'Much of its debt must be repaid or refinanced soon.',
  'FIN-GOING-CONCERN': 'Its auditor doubts that it can carry on, or qualified its accounts.',
  'FIN-LIQUIDITY': 'It has little cash to meet its costs.',
  'FIN-NET-LIABILITIES': 'It owes more than it owns.',
  'FIN-ZSCORE': 'Its accounts together look like those of companies that fail.',
  'FIN-DETERIORATION': 'Its earnings have fallen, or it has made losses two years running.',
  'OWN-PE-BACKED': 'It is owned or controlled by private equity.',
  'OWN-OFFSHORE': 'It is owned through companies offshore.',
  'OWN-OPACITY': 'Who ultimately owns it is not clear from what it filed.',
  'OWN-HOLD-PERIOD': 'Its private-equity owner has held it long enough that a sale or refinancing is likely.',
  'CONT-DIFFICULT-TO-REPLACE': 'It would be hard to replace: it looks after many children, or many of one council’s.',
  'CMP-LATE': 'It filed its return late.',
  'CMP-INCONSISTENT': 'The return it filed does not add up.',
  'CMP-ACCOUNTS-MISMATCH': 'Its return does not match its published accounts.',
  'PRF-EXTRACTION': 'Much of what it is paid goes to its owners and companies related to them.',
  'PRF-MARGIN': 'Its profits are high once payments to related companies are counted.',
  'PRF-RELATED-PROPERTY': 'Its homes are rented from companies related to its owners.',
  'QUA-INADEQUATE': 'Some of its homes were judged inadequate by Ofsted.',
  'QUA-UNREGISTERED': 'Some of its homes are not registered with Ofsted, or not active.',
  'SYS-CONTINUITY': 'It is hard to replace and under financial strain: its failure would disrupt children’s placements.',
}

/** An open concern in words (one the words do not know yet is still named, by its rule). */
export const concernText = (ruleId: string) => CONCERNS[ruleId] ?? 'The regulator has raised a concern about the group.'
