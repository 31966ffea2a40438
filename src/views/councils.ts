// How a council reads (reference data every role sees).
import type { Council } from '../../schema/councils.js'
import type { CouncilRow } from '../db/queries/councils.js'

export const councilView = (c: CouncilRow): Council =>
  ({ laCode: c.laCode, name: c.name, region: c.region, childrenLookedAfter: c.childrenLookedAfter })
