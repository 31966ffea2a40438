// The ownership diagram of a group: its entities from the reporting entity up to the ultimate
// controllers, owners above what they own (a layered layout by dagre), each interest an arrow
// labelled with its percentages. Private-equity funds and fund managers are drawn as cut-corner
// boxes and say so; offshore entities carry a hatched strip and the word "Offshore"; the reporting
// entity has a heavy border, ultimate controllers a double one. The tables beside it list the
// controllers with their chains and every interest.
import dagre from '@dagrejs/dagre'
import { OFFSHORE_JURISDICTIONS } from '../../domain/ownership/resolve.js'
import { colour, num, pictureSvg, svg, textWidth, wrap, type Markup, type Picture, type TextTable } from './svg.js'

/** The API's ownership resolution view (GET /v1/providers/{id}/ownership), the parts drawn. */
export interface OwnershipViewInput {
  reportingEntity: string
  entities: Array<{ ref: string; name: string; kind: string; jurisdiction: string; effectivePct: number; controls: boolean; root: boolean }>
  interests: Array<{ owner: string; owned: string; sharesPct?: number; votingPct?: number; control?: boolean; indirect?: boolean }>
  ultimateControllers: Array<{ ref: string; name: string; kind: string; jurisdiction: string; effectivePct: number; controls: boolean; path: string[] }>
  resolvedPct: number
  peBacked: boolean
  offshore: boolean
}

const KINDS: Record<string, string> = {
  company: 'Company', private_equity_fund: 'Private equity fund', fund_manager: 'Fund manager', trust: 'Trust',
  person: 'Person', public_body: 'Public body', charity: 'Charity', other: 'Other',
}
const COUNTRIES: Record<string, string> = {
  GB: 'United Kingdom', JE: 'Jersey', GG: 'Guernsey', IM: 'Isle of Man', KY: 'Cayman Islands', VG: 'British Virgin Islands',
  BM: 'Bermuda', LU: 'Luxembourg', IE: 'Ireland', US: 'United States', NL: 'Netherlands', FR: 'France', DE: 'Germany',
  CH: 'Switzerland', CA: 'Canada', SG: 'Singapore',
}
const OFFSHORE = new Set(OFFSHORE_JURISDICTIONS)
const PE_KINDS = new Set(['private_equity_fund', 'fund_manager'])

export const kindLabel = (kind: string) => KINDS[kind] ?? kind
export const countryName = (code: string) => COUNTRIES[code.toUpperCase()] ?? code
export const isOffshore = (jurisdiction: string) => OFFSHORE.has(jurisdiction.toUpperCase())
export const isPrivateEquity = (kind: string) => PE_KINDS.has(kind)
const pct = (p: number) => `${p.toFixed(1)}%`

/** An interest in words: "60%", "60% (votes 75%)", "votes 51%", with "control" and "indirect" where they apply. */
export function interestLabel(i: OwnershipViewInput['interests'][number]): string {
  const parts: string[] = []
  if (i.sharesPct !== undefined) parts.push(i.votingPct !== undefined && i.votingPct !== i.sharesPct ? `${pct(i.sharesPct)} (votes ${pct(i.votingPct)})` : pct(i.sharesPct))
  else if (i.votingPct !== undefined) parts.push(`votes ${pct(i.votingPct)}`)
  if (i.control) parts.push('control')
  if (!parts.length) parts.push('share not stated')
  return `${i.indirect ? 'indirect ' : ''}${parts.join(', ')}`
}

const MAX_DRAWN = 60
const PAD = 12
const STRIP = 14 // the offshore strip
const NAME_SIZE = 15
const SMALL = 14
const LINE = 19

interface Box {
  ref: string
  name: string[]
  detail: string
  tags: string
  pe: boolean
  offshore: boolean
  reporting: boolean
  controller: boolean
  width: number
  height: number
}

export function ownershipDiagram(view: OwnershipViewInput, o: { id: string; groupName?: string }): Picture {
  const { id } = o
  const controllers = new Map(view.ultimateControllers.map((u) => [u.ref, u]))
  const byRef = new Map(view.entities.map((e) => [e.ref, e]))

  // A large graph is drawn through its controllers' chains only; the tables keep everything.
  let drawn = new Set(view.entities.map((e) => e.ref))
  if (drawn.size > MAX_DRAWN) drawn = new Set([view.reportingEntity, ...view.ultimateControllers.flatMap((u) => u.path)])
  const interests = view.interests.filter((i) => drawn.has(i.owner) && drawn.has(i.owned))

  const boxes = new Map<string, Box>()
  for (const ref of drawn) {
    const e = byRef.get(ref) ?? { ref, name: `Undeclared (${ref})`, kind: 'other', jurisdiction: '??', effectivePct: 0, controls: false, root: false }
    const controller = controllers.get(ref)
    const reporting = ref === view.reportingEntity
    const offshore = isOffshore(e.jurisdiction)
    const tags = [
      reporting ? 'Reporting entity' : controller ? `Ultimate controller, ${controller.effectivePct > 0 ? pct(controller.effectivePct) : 'by control'}` : `Effective ${pct(e.effectivePct)}`,
      ...(offshore ? ['Offshore'] : []),
    ].join(' · ')
    const name = wrap(e.name, 28, 2)
    const detail = `${kindLabel(e.kind)} · ${countryName(e.jurisdiction)}`
    const inner = Math.max(...name.map((l) => textWidth(l, NAME_SIZE, true)), textWidth(detail, SMALL), textWidth(tags, SMALL, true))
    boxes.set(ref, {
      ref, name, detail, tags, pe: isPrivateEquity(e.kind), offshore, reporting, controller: Boolean(controller),
      width: Math.max(180, inner + 2 * PAD + (offshore ? STRIP : 0)),
      height: (name.length + 2) * LINE + 2 * PAD - 4,
    })
  }

  const g = new dagre.graphlib.Graph({ multigraph: true })
  g.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 64, edgesep: 16, marginx: 8, marginy: 8 })
  g.setDefaultEdgeLabel(() => ({}))
  for (const b of boxes.values()) g.setNode(b.ref, { width: b.width, height: b.height })
  interests.forEach((i, n) => {
    const label = interestLabel(i)
    g.setEdge(i.owner, i.owned, { width: textWidth(label, SMALL) + 12, height: 22, labelpos: 'c' }, `i${n}`)
  })
  dagre.layout(g)
  const graph = g.graph()
  const width = Math.max(graph.width ?? 0, 200)
  const height = Math.max(graph.height ?? 0, 80)

  // Every arrow first, then every label on its white ground, so no arrow crosses a label.
  const edges: Array<{ line: Markup; text: Markup | '' }> = interests.map((i, n) => {
    const e = g.edge(i.owner, i.owned, `i${n}`)
    const points: Array<{ x: number; y: number }> = e.points ?? []
    const label = interestLabel(i)
    const lw = textWidth(label, SMALL) + 12
    const dash = i.indirect ? svg` stroke-dasharray="6 4"` : ''
    const line = svg`<polyline points="${points.map((p) => `${num(p.x)},${num(p.y)}`).join(' ')}" fill="none" stroke="${colour.text}" stroke-width="2"${dash} marker-end="url(#${id}-arrow)"/>`
    const text = e.x === undefined || e.y === undefined ? ''
      : svg`<rect x="${e.x - lw / 2}" y="${e.y - 11}" width="${lw}" height="22" fill="${colour.white}"/><text x="${e.x}" y="${e.y + 5}" text-anchor="middle" font-size="${SMALL}" fill="${colour.text}">${label}</text>`
    return { line, text }
  })

  const nodes = [...boxes.values()].map((b) => {
    const n = g.node(b.ref)
    const left = n.x! - b.width / 2
    const top = n.y! - b.height / 2
    const fill = b.pe ? colour.lightPurple : colour.white
    const cut = 10
    const outline = b.pe
      ? svg`<polygon points="${[[left + cut, top], [left + b.width - cut, top], [left + b.width, top + cut], [left + b.width, top + b.height - cut], [left + b.width - cut, top + b.height], [left + cut, top + b.height], [left, top + b.height - cut], [left, top + cut]].map(([x, y]) => `${num(x)},${num(y)}`).join(' ')}" fill="${fill}" stroke="${colour.text}" stroke-width="${b.reporting ? 4 : 2}"/>`
      : svg`<rect x="${left}" y="${top}" width="${b.width}" height="${b.height}" rx="2" fill="${fill}" stroke="${colour.text}" stroke-width="${b.reporting ? 4 : 2}"/>`
    const double = b.controller ? svg`<rect x="${left + 4}" y="${top + 4}" width="${b.width - 8}" height="${b.height - 8}" fill="none" stroke="${colour.text}" stroke-width="1"/>` : ''
    const strip = b.offshore ? svg`<rect x="${left + 4}" y="${top + 4}" width="${STRIP - 4}" height="${b.height - 8}" fill="url(#${id}-offshore)"/>` : ''
    const tx = left + PAD + (b.offshore ? STRIP : 0)
    const text = [
      ...b.name.map((line, k) => svg`<text x="${tx}" y="${top + PAD + 14 + k * LINE}" font-size="${NAME_SIZE}" font-weight="700" fill="${colour.text}">${line}</text>`),
      svg`<text x="${tx}" y="${top + PAD + 14 + b.name.length * LINE}" font-size="${SMALL}" fill="${colour.text}">${b.detail}</text>`,
      svg`<text x="${tx}" y="${top + PAD + 14 + (b.name.length + 1) * LINE}" font-size="${SMALL}" font-weight="700" fill="${colour.text}">${b.tags}</text>`,
    ]
    return svg`<g>${outline}${double}${strip}${text}</g>`
  })

  const defs = svg`<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${colour.text}"/></marker><pattern id="${id}-offshore" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${colour.white}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${colour.text}" stroke-width="3"/></pattern></defs>`

  const name = (ref: string) => byRef.get(ref)?.name ?? ref
  const subject = o.groupName ?? name(view.reportingEntity)
  const controllerWords = view.ultimateControllers.length
    ? view.ultimateControllers.map((u) => `${u.name} (${kindLabel(u.kind)}, ${countryName(u.jurisdiction)}${isOffshore(u.jurisdiction) ? ', offshore' : ''}) ${pct(u.effectivePct)}${u.controls ? ', in control' : ''}`).join('; ')
    : 'none found'
  const partial = drawn.size < view.entities.length ? ` The diagram shows the ${drawn.size} entities on the controllers’ chains of the ${view.entities.length} filed.` : ''
  const summary = `Who owns ${subject}: ${view.entities.length} entities and ${view.interests.length} interests, resolved to ${pct(view.resolvedPct)}. `
    + `Ultimate controllers: ${controllerWords}. Private-equity backed: ${view.peBacked ? 'yes' : 'no'}. Offshore: ${view.offshore ? 'yes' : 'no'}.${partial}`

  const tables: TextTable[] = [
    {
      caption: 'Ultimate controllers',
      head: [{ text: 'Controller' }, { text: 'Kind' }, { text: 'Jurisdiction' }, { text: 'Effective share', format: 'numeric' }, { text: 'Controls' }, { text: 'Chain to the reporting entity' }],
      rows: view.ultimateControllers.map((u) => [
        { text: u.name }, { text: kindLabel(u.kind) },
        { text: `${countryName(u.jurisdiction)}${isOffshore(u.jurisdiction) ? ' (offshore)' : ''}` },
        { text: pct(u.effectivePct), format: 'numeric' as const }, { text: u.controls ? 'Yes' : 'No' },
        { text: u.path.map(name).join(' → ') },
      ]),
    },
    {
      caption: 'Interests filed',
      head: [{ text: 'Owner' }, { text: 'Owned' }, { text: 'Interest' }],
      rows: view.interests.map((i) => [{ text: name(i.owner) }, { text: name(i.owned) }, { text: interestLabel(i) }]),
    },
  ]
  return {
    svg: pictureSvg({ id, title: `Who owns ${subject}`, description: summary, width, height, body: svg`${defs}<g>${edges.map((e) => e.line)}</g><g>${edges.map((e) => e.text)}</g><g>${nodes}</g>` }),
    summary,
    tables,
  }
}
