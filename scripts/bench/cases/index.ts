// Every case `npm run bench` runs, in this order (cases sharing a fixture stay next to each other,
// so it is torn down before the next one is set up). A new case is a module beside these, listed here.
import type { BenchCase } from '../case.js'
import ownership from './ownership.js'
import ixbrl from './ixbrl.js'
import council from './council.js'
import stability from './stability.js'
import registerPage from './register-page.js'
import filing from './filing.js'
import spreadsheet from './spreadsheet.js'
import reassessment from './reassessment.js'
import profitCap from './profit-cap.js'
import ofsted from './ofsted.js'

export const CASES: readonly BenchCase[] = [ownership, ixbrl, council, stability, registerPage, filing, spreadsheet, reassessment, profitCap, ofsted]
