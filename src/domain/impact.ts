// What a provider's failure would do to each council: the children it would have to move, as a
// share of everything that council looks after, and where the provider's settings are.
import type { AnnualReturn } from './annual-return.js'

export interface CouncilFacts { laCode: string; name: string; region: string; childrenLookedAfter: number | null }

export interface ImpactLine {
  laCode: string
  name: string
  region: string
  children: number
  childrenLookedAfter: number | null
  shareOfChildrenLookedAfter: number | null
  settings: number
  places: number
}

export const HIGH_DEPENDENCE = 0.10

export function failureImpact(ret: Pick<AnnualReturn, 'placements' | 'settings'>, councils: ReadonlyMap<string, CouncilFacts>) {
  const lines = new Map<string, ImpactLine>()
  const line = (laCode: string) => {
    let l = lines.get(laCode)
    if (!l) {
      const c = councils.get(laCode)
      l = { laCode, name: c?.name ?? laCode, region: c?.region ?? 'Unknown', children: 0, childrenLookedAfter: c?.childrenLookedAfter ?? null, shareOfChildrenLookedAfter: null, settings: 0, places: 0 }
      lines.set(laCode, l)
    }
    return l
  }
  for (const p of ret.placements) line(p.laCode).children += p.children
  for (const s of ret.settings) { const l = line(s.laCode); l.settings++; l.places += s.places }
  for (const l of lines.values()) {
    // A council whose figure is unknown or 0 (the Isles of Scilly) has no usable share.
    l.shareOfChildrenLookedAfter = l.childrenLookedAfter ? l.children / l.childrenLookedAfter : null
  }
  const high = (l: ImpactLine) => (l.shareOfChildrenLookedAfter ?? 0) > HIGH_DEPENDENCE
  const ordered = [...lines.values()].sort((a, b) =>
    Number(high(b)) - Number(high(a)) || (b.shareOfChildrenLookedAfter ?? -1) - (a.shareOfChildrenLookedAfter ?? -1) || b.children - a.children || a.laCode.localeCompare(b.laCode))
  const regions = new Map<string, { region: string; settings: number; places: number; children: number }>()
  for (const l of ordered) {
    const r = regions.get(l.region) ?? { region: l.region, settings: 0, places: 0, children: 0 }
    r.settings += l.settings; r.places += l.places; r.children += l.children
    regions.set(l.region, r)
  }
  return {
    councils: ordered,
    regions: [...regions.values()].sort((a, b) => b.children - a.children || a.region.localeCompare(b.region)),
    totals: {
      children: ordered.reduce((n, l) => n + l.children, 0),
      councils: ordered.filter((l) => l.children > 0).length,
      settings: ret.settings.length,
      places: ret.settings.reduce((n, s) => n + s.places, 0),
      councilsAbove10Pct: ordered.filter(high).length,
    },
  }
}
