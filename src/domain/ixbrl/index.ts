// Accounts read from the iXBRL a group filed at Companies House.
export { readIxbrl, readIxbrlInTurns } from './read.js'
export { mapAccounts, ACCOUNTS_FIELDS, type AccountsExtraction, type AccountsFact, type AccountsField } from './map.js'
export { IxbrlError, type IxbrlProblem } from './ixbrl.errors.js'
export type * from './document.js'
