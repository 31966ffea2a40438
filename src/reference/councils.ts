import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'

export interface CouncilRecord { laCode: string; name: string; region: string; childrenLookedAfter: number | null }

let cached: CouncilRecord[] | undefined

/** The 153 councils with children's services, from the copy shipped in this folder. */
export function referenceCouncils(): CouncilRecord[] {
  if (cached) return cached
  const text = readFileSync(new URL('./councils.csv', import.meta.url), 'utf8')
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[]
  cached = rows.map((r) => ({
    laCode: r.laCode,
    name: r.name,
    region: r.region,
    childrenLookedAfter: r.childrenLookedAfter2024 === '' ? null : Number(r.childrenLookedAfter2024),
  }))
  return cached
}
