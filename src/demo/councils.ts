// The 153 councils with children's services, as the demo market places children with them: the
// service's own reference copy (src/reference/councils.csv, see src/reference/README.md for
// provenance), with each region shortened to the code the demo's footprints use. Reading the one
// shipped file keeps the market deterministic and its figures the ones the service seeds.
import { referenceCouncils } from '../reference/councils.js'

export type DemoRegion = 'NE' | 'NW' | 'YH' | 'EM' | 'WM' | 'EE' | 'LN' | 'SE' | 'SW'

export interface DemoCouncil {
  laCode: string
  name: string
  region: DemoRegion
  /** children looked after at 31 March 2024 */
  childrenLookedAfter: number
}

const REGION_CODES: Record<string, DemoRegion> = {
  'North East': 'NE', 'North West': 'NW', 'Yorkshire and The Humber': 'YH', 'East Midlands': 'EM',
  'West Midlands': 'WM', 'East of England': 'EE', London: 'LN', 'South East': 'SE', 'South West': 'SW',
}

const regionCode = (region: string): DemoRegion => {
  const code = REGION_CODES[region]
  if (!code) throw new Error(`councils.csv: unknown region ${JSON.stringify(region)}`)
  return code
}

export const DEMO_COUNCILS: readonly DemoCouncil[] = referenceCouncils().map((c) => ({
  laCode: c.laCode,
  name: c.name,
  region: regionCode(c.region),
  // a council without a published figure takes no children from the demo market (it needs >= 100)
  childrenLookedAfter: c.childrenLookedAfter ?? 0,
}))

export const councilByCode: ReadonlyMap<string, DemoCouncil> = new Map(DEMO_COUNCILS.map((c) => [c.laCode, c]))
