import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { bodsToGraph, checkBods, graphToBods, resolveBods, validateBods } from '../../../src/domain/ownership/bods.js'
import { resolveOwnership } from '../../../src/domain/ownership/resolve.js'
import type { OwnershipGraph, OwnershipResolution } from '../../../src/domain/ownership/types.js'
import { structures } from './structures.js'

// ---- fixtures: BODS 0.4 statements, written by hand -------------------------------------------

type Json = Record<string, unknown>
let serial = 0
const stmt = (recordType: string, recordId: string, recordDetails: Json, more: { statementDate?: string; recordStatus?: string } = {}): Json => ({
  statementId: `fixture-${recordId}-${++serial}`.padEnd(32, '0'),
  declarationSubject: 'opco',
  statementDate: more.statementDate ?? '2025-04-30',
  recordId,
  recordType,
  ...(more.recordStatus ? { recordStatus: more.recordStatus } : {}),
  recordDetails,
})
const company = (recordId: string, name: string, code = 'GB', more: Json = {}) =>
  stmt('entity', recordId, { isComponent: false, entityType: { type: 'registeredEntity' }, name, jurisdiction: { name: code, code }, ...more })
const person = (recordId: string, fullName: string, code = 'GB') =>
  stmt('person', recordId, { isComponent: false, personType: 'knownPerson', names: [{ type: 'legal', fullName }], nationalities: [{ name: code, code }] })
const rel = (recordId: string, party: string | Json, subject: string, interests: Json[], more: Json = {}, statement: Parameters<typeof stmt>[3] = {}) =>
  stmt('relationship', recordId, { isComponent: false, subject, interestedParty: party, interests, ...more }, statement)
const shares = (share: number | Json, more: Json = {}): Json =>
  ({ type: 'shareholding', directOrIndirect: 'direct', share: typeof share === 'number' ? { exact: share } : share, ...more })
const votes = (share: number | Json, more: Json = {}): Json =>
  ({ type: 'votingRights', directOrIndirect: 'direct', share: typeof share === 'number' ? { exact: share } : share, ...more })

const of = (r: OwnershipResolution, ref: string) => r.entities.find(e => e.ref === ref)!
const near = (a: number, b: number) => Math.abs(a - b) < 1e-9
const read = (statements: Json[], asOf = '2025-03-31') => {
  const { graph, notes } = bodsToGraph(statements, 'opco', asOf)
  return { graph, notes, r: resolveOwnership(graph), text: notes.join('\n') }
}

/** UK OpCo ← UK MidCo ← Jersey TopCo ← PE fund ← GP (appointment of the fund's board) */
const peChain = () => [
  company('opco', 'Opco Care Ltd', 'GB', { identifiers: [{ id: '01234567', scheme: 'GB-COH', schemeName: 'Companies House' }] }),
  company('midco', 'Midco Ltd'),
  company('topco', 'Topco (Jersey) Ltd', 'JE'),
  stmt('entity', 'fund', { isComponent: false, entityType: { type: 'registeredEntity', details: 'Private equity fund' }, name: 'Fund VII LP', jurisdiction: { name: 'United Kingdom', code: 'GB' } }),
  stmt('entity', 'gp', { isComponent: false, entityType: { type: 'legalEntity', details: 'fund manager' }, name: 'Fund VII GP Ltd', jurisdiction: { name: 'Guernsey', code: 'GG' } }),
  rel('midco-opco', 'midco', 'opco', [shares(100, { startDate: '2016-04-01' })]),
  rel('topco-midco', 'topco', 'midco', [shares(100, { startDate: '2016-04-01' })]),
  rel('fund-topco', 'fund', 'topco', [shares(100, { startDate: '2017-06-30' }), votes(100, { startDate: '2017-06-30' })]),
  rel('gp-fund', 'gp', 'fund', [{ type: 'appointmentOfBoard', directOrIndirect: 'direct', startDate: '2015-01-01' }]),
]

t.test('a private-equity chain read from BODS', async t => {
  const { graph, r } = read(peChain())
  t.same(graph.entities.map(e => [e.ref, e.kind, e.jurisdiction]), [
    ['opco', 'company', 'GB'], ['midco', 'company', 'GB'], ['topco', 'company', 'JE'],
    ['fund', 'private_equity_fund', 'GB'], ['gp', 'fund_manager', 'GG'],
  ], 'kinds BODS has no type for are read from entityType.details')
  t.equal(graph.entities[0].companyNumber, '01234567')
  t.same(graph.interests.find(i => i.owner === 'gp'), { owner: 'gp', owned: 'fund', control: true, since: '2015-01-01' }, 'control only')
  t.same(graph.interests.find(i => i.owner === 'fund'), { owner: 'fund', owned: 'topco', sharesPct: 100, votingPct: 100, since: '2017-06-30' })
  t.equal(of(r, 'fund').effectivePct, 100)
  t.ok(of(r, 'gp').controls)
  t.ok(of(r, 'fund').root && of(r, 'gp').root, 'the GP holds control, no shares: both are roots')
  t.same(r.ultimateControllers.map(u => u.ref), ['fund', 'gp'])
  t.equal(r.resolvedPct, 100)
  t.ok(r.offshore)
  t.equal(r.depth, 4)
  t.same(r.peHolders.map(h => [h.ref, h.heldSince]), [['fund', '2017-06-30'], ['gp', '2017-06-30']])
})

/** founder held 30% until 30 June 2024; the fund from that day */
const inForce = () => [
  company('opco', 'Opco Ltd'), person('founder', 'Ann Founder'), company('fund', 'Fund LP'), company('rest', 'Rest Ltd'),
  rel('founder-opco', 'founder', 'opco', [shares(30, { startDate: '2018-01-01', endDate: '2024-06-30' })]),
  rel('fund-opco', 'fund', 'opco', [shares(30, { startDate: '2024-06-30' })]),
  rel('rest-opco', 'rest', 'opco', [shares(70)]),
]

t.test('interests are read as in force at the date: startDate ≤ date < endDate', async t => {
  const holders = (asOf: string) => read(inForce(), asOf).graph.interests.map(i => i.owner)
  t.same(holders('2024-03-31'), ['founder', 'rest'])
  t.same(holders('2024-06-29'), ['founder', 'rest'], 'the last day before the end')
  t.same(holders('2024-06-30'), ['fund', 'rest'], 'the end date is the first day out; the start date the first day in')
  t.same(holders('2017-12-31'), ['rest'])
})

/** the fund's holding stated twice: the later statement (by date, then by place in the file) wins */
const superseded = () => [
  company('opco', 'Opco Ltd'), company('fund', 'Fund LP'), company('other', 'Other Ltd'),
  rel('fund-opco', 'fund', 'opco', [shares(55)], {}, { statementDate: '2024-05-01', recordStatus: 'updated' }),
  rel('fund-opco', 'fund', 'opco', [shares(40)], {}, { statementDate: '2023-05-01', recordStatus: 'new' }),
  rel('other-opco', 'other', 'opco', [shares(10)], {}, { statementDate: '2024-01-01' }),
  rel('other-opco', 'other', 'opco', [shares(20)], {}, { statementDate: '2024-01-01', recordStatus: 'updated' }),
]

t.test('for a record stated more than once the latest statement wins', async t => {
  const { graph } = read(superseded())
  t.same(graph.interests.map(i => [i.owner, i.sharesPct]), [['fund', 55], ['other', 20]])
})

/** the co-investor sold on 1 September 2024 (closed record) */
const closedRecord = () => [
  company('opco', 'Opco Ltd'), company('fund', 'Fund LP'), company('co', 'Co-investor Ltd'),
  rel('fund-opco', 'fund', 'opco', [shares(60)]),
  rel('co-opco', 'co', 'opco', [shares(40, { startDate: '2019-01-01' })], {}, { statementDate: '2019-01-02', recordStatus: 'new' }),
  rel('co-opco', 'co', 'opco', [shares(40, { startDate: '2019-01-01' })], {}, { statementDate: '2024-09-01', recordStatus: 'closed' }),
]

t.test('a closed record ends it, from the closing statement date', async t => {
  const after = read(closedRecord(), '2025-03-31')
  t.same(after.graph.interests.map(i => i.owner), ['fund'])
  t.equal(after.r.resolvedPct, 60)
  const before = read(closedRecord(), '2024-03-31')
  t.same(before.graph.interests.map(i => [i.owner, i.sharesPct]), [['fund', 60], ['co', 40]], 'still held at the earlier date')
  t.match(before.text, /Record co-opco was closed on 2024-09-01, after 2024-03-31/)
})

const ranges = () => [
  company('opco', 'Opco Ltd'), company('a', 'A Ltd'), company('b', 'B Ltd'), company('c', 'C Ltd'),
  rel('a-opco', 'a', 'opco', [shares({ minimum: 25, maximum: 50 })]),
  rel('b-opco', 'b', 'opco', [shares({ exclusiveMinimum: 25, exclusiveMaximum: 50 }), votes({ exclusiveMinimum: 50, exclusiveMaximum: 75 })]),
  rel('c-opco', 'c', 'opco', [shares({ maximum: 10 })]),
]

t.test('a share is exact, else its minimum, else its exclusive minimum; the result says so', async t => {
  const { graph, r, text } = read(ranges())
  t.same(graph.interests.map(i => [i.owner, i.sharesPct, i.votingPct, i.control]), [
    ['a', 25, undefined, undefined],
    ['b', 25, 50, true], // "more than 50%" of the votes is a majority, though read at 50
    ['c', undefined, undefined, undefined],
  ])
  t.match(text, /Relationship a-opco \(a → opco\): shareholding given as a range \(≥ 25%, ≤ 50%\): read at its minimum, 25%/)
  t.match(text, /Relationship b-opco \(b → opco\): votingRights given as a range \(> 50%, < 75%\): read at its lower bound, 50%/)
  t.match(text, /Relationship c-opco \(c → opco\): shareholding given only as an upper bound \(≤ 10%\): its share is unknown/)
  t.ok(of(r, 'b').controls)
  t.equal(r.resolvedPct, 50, 'a 25 + b 25 (its shares); c unknown')
  const { resolution } = resolveBods(ranges(), 'opco', '2025-03-31')
  t.match(resolution.notes[0], /a-opco .* given as a range/, 'the resolution says a range was used')
  t.equal(resolution.resolvedPct, 50)
})

t.test('a closed entity takes its relationships with it', async t => {
  const closedCo = company('co', 'Co-investor Ltd')
  closedCo.statementDate = '2024-12-01'
  closedCo.recordStatus = 'closed'
  const statements = [
    company('opco', 'Opco Ltd'), company('fund', 'Fund LP'), { ...company('co', 'Co-investor Ltd'), statementDate: '2019-01-01' }, closedCo,
    rel('fund-opco', 'fund', 'opco', [shares(60)]),
    rel('co-opco', 'co', 'opco', [shares(40)]),
  ]
  const { graph, text } = read(statements)
  t.same(graph.entities.map(e => e.ref), ['opco', 'fund'])
  t.same(graph.interests.map(i => i.owner), ['fund'])
  t.match(text, /Relationship co-opco names the closed record co: it was left out/)
})

/**
 * The owner holds 60% of OpCo through Topco (Isle of Man): the indirect relationship summarises the
 * chain whose legs are its components. It also holds 5% directly; others hold 35%.
 */
const indirect = (withComponents = true) => [
  company('opco', 'Opco Ltd'), company('topco', 'Topco Ltd', 'IM'), person('owner', 'Olive Owner'), company('others', 'Others Ltd'),
  ...(withComponents
    ? [
        rel('owner-topco', 'owner', 'topco', [shares(100)], { isComponent: true }),
        rel('topco-opco', 'topco', 'opco', [shares(60)], { isComponent: true }),
      ]
    : []),
  rel('owner-opco', 'owner', 'opco', [
    shares(60, { directOrIndirect: 'indirect' }),
    shares(5, { directOrIndirect: 'direct' }),
  ], { componentRecords: withComponents ? ['owner-topco', 'topco-opco'] : ['topco'] }),
  rel('others-opco', 'others', 'opco', [shares(35)]),
]

t.test('an indirect relationship summarises its components: never counted twice', async t => {
  const { graph, r } = read(indirect())
  t.same(graph.interests.filter(i => i.owner === 'owner' && i.owned === 'opco'), [
    { owner: 'owner', owned: 'opco', sharesPct: 5 },
    { owner: 'owner', owned: 'opco', sharesPct: 60, indirect: true, through: ['topco'] },
  ])
  // owner: the declared 60% + 5% directly = 65%; not also 100% × 60% through the components
  t.ok(near(of(r, 'owner').effectivePct, 65))
  t.notOk(of(r, 'topco').root)
  t.ok(near(r.resolvedPct, 100), 'owner 65 + others 35')
  t.ok(r.offshore, 'through the Isle of Man')
  t.same(checkBods(indirect(), 'opco', '2025-03-31'), [], '60 + 5 + 35 into OpCo; the indirect 60 is not added')

  const bare = read(indirect(false))
  t.same(bare.graph.interests.find(i => i.indirect)?.through, ['topco'], 'an entity named as a component is an intermediary')
  t.ok(near(of(bare.r, 'owner').effectivePct, 65))
  t.notOk(of(bare.r, 'topco').root)
  t.ok(near(bare.r.resolvedPct, 100))
})

/** a council company: the council (a state body) holds 100%; a government department the council's… */
const publicBodies = () => [
  company('opco', 'Council Homes Ltd'),
  stmt('entity', 'council', { isComponent: false, entityType: { type: 'stateBody', subtype: 'other' }, name: 'A Borough Council', jurisdiction: { name: 'England', code: 'GB-ENG' } }),
  stmt('entity', 'state', { isComponent: false, entityType: { type: 'state' }, name: 'United Kingdom', jurisdiction: { name: 'United Kingdom', code: 'GB' } }),
  person('director', 'Dee Rector'),
  rel('council-opco', 'council', 'opco', [shares(100), { type: 'controlByLegalFramework', directOrIndirect: 'direct' }]),
  rel('state-council', 'state', 'council', [{ type: 'controlByLegalFramework', directOrIndirect: 'direct' }]),
  rel('director-opco', 'director', 'opco', [{ type: 'seniorManagingOfficial', directOrIndirect: 'direct' }]),
]

t.test('persons, state bodies and states', async t => {
  const { graph, r } = read(publicBodies())
  t.same(graph.entities.map(e => [e.ref, e.kind, e.jurisdiction]), [
    ['opco', 'company', 'GB'], ['council', 'public_body', 'GB'], ['state', 'public_body', 'GB'], ['director', 'person', 'GB'],
  ], 'a subdivision code reads as its country')
  t.same(r.ultimateControllers.map(u => [u.ref, u.effectivePct, u.controls]), [
    ['council', 100, true], ['state', 0, true], ['director', 0, true],
  ], 'the senior managing official is read as control')
  t.equal(r.resolvedPct, 100)
})

/** known 40%, an anonymous person 30%, an unknown entity 10%, an unspecified party 20% */
const unresolved = () => [
  company('opco', 'Opco Ltd'), person('known', 'Kim Known'),
  stmt('person', 'anon', { isComponent: false, personType: 'anonymousPerson', unspecifiedPersonDetails: { reason: 'interestedPartyExemptFromDisclosure' } }),
  stmt('entity', 'unknown-co', { isComponent: false, entityType: { type: 'unknownEntity' }, unspecifiedEntityDetails: { reason: 'unknown', description: 'An offshore vehicle' } }),
  rel('known-opco', 'known', 'opco', [shares(40)]),
  rel('anon-opco', 'anon', 'opco', [shares(30)]),
  rel('unknown-opco', 'unknown-co', 'opco', [shares(10)]),
  rel('unspecified-opco', { reason: 'interestedPartyHasNotProvidedInformation' }, 'opco', [shares(20)]),
]

t.test('unknown and anonymous parties stay unresolved', async t => {
  const { graph, r } = read(unresolved())
  t.same(graph.entities.filter(e => e.unidentified).map(e => [e.ref, e.name, e.unidentified]), [
    ['anon', 'Anonymous person (interestedPartyExemptFromDisclosure)', 'anonymous'],
    ['unknown-co', 'An offshore vehicle', 'unknown'],
    ['unspecified-opco#interestedParty', 'Unspecified interested party (interestedPartyHasNotProvidedInformation)', 'unknown'],
  ])
  t.equal(r.resolvedPct, 40, 'only the known person')
  t.same(r.ultimateControllers.map(u => u.ref), ['known'])
  t.match(r.notes.join('\n'), /is not identified: the 30% it holds stays unresolved/)
  t.match(r.notes.join('\n'), /is not identified: the 20% it holds stays unresolved/)
})

t.test('a file that is not valid BODS: every statement and field at fault', async t => {
  const broken: unknown[] = peChain()
  broken[1] = { ...(broken[1] as Json), statementId: undefined }
  broken[3] = { ...(broken[3] as Json), recordType: 'fund' }
  broken[5] = rel('midco-opco', 'midco', 'opco', [shares(120)])
  broken[6] = rel('topco-midco', 42 as unknown as string, 'midco', [{ type: 'ownership', directOrIndirect: 'direct' }])
  broken[7] = { ...(broken[7] as Json), statementDate: '31/03/2025' }
  t.same(validateBods(broken), [
    { pointer: '/ownership/bods/1/statementId', detail: 'is required' },
    { pointer: '/ownership/bods/3/recordType', detail: 'must be one of: entity, person, relationship' },
    { pointer: '/ownership/bods/5/recordDetails/interests/0/share/exact', detail: 'must be <= 100' },
    { pointer: '/ownership/bods/6/recordDetails/interestedParty', detail: 'must be string or must be object' },
    { pointer: '/ownership/bods/6/recordDetails/interests/0/type', detail: validateBods([rel('x', 'a', 'b', [{ type: 'ownership' }])])[0].detail },
    { pointer: '/ownership/bods/7/statementDate', detail: 'must be a date (YYYY-MM-DD) or must be a date-time (RFC 3339)' },
  ])
  t.match(validateBods([rel('x', 'a', 'b', [{ type: 'ownership' }])])[0].detail, /^must be one of: shareholding, votingRights, /)
  t.same(validateBods({} as unknown[]), [{ pointer: '/ownership/bods', detail: 'must be array' }])
})

t.test('checkBods points the graph\'s problems at the statements', async t => {
  const over = [...peChain(), company('bank', 'Bank plc'), rel('bank-midco', 'bank', 'midco', [shares(10)]), rel('ghost-opco', 'ghost', 'opco', [{ type: 'unknownInterest', directOrIndirect: 'unknown' }])]
  t.same(checkBods(over, 'opco', '2025-03-31'), [
    { pointer: '/ownership/bods/11/recordDetails/interestedParty', detail: '"ghost" is not a declared entity' },
    { pointer: '/ownership/bods/1', detail: 'the interests into "Midco Ltd" (midco) add up to 110% of its shares, more than 100%' },
  ])
  t.same(checkBods(peChain(), 'nobody', '2025-03-31'), [{ pointer: '/ownership/reportingEntity', detail: '"nobody" is not a declared entity' }])
  t.same(checkBods(peChain(), 'opco', '2025-03-31'), [])
  t.same(checkBods([{ recordType: 'entity' }], 'opco', '2025-03-31').map(p => p.pointer).slice(0, 2),
    ['/ownership/bods/0/statementId', '/ownership/bods/0/declarationSubject'], 'the schema is checked first')
})

// ---- export ---------------------------------------------------------------------------------

const officialSchemaDir = fileURLToPath(new URL('../../../../shared/data/bods-0.4/', import.meta.url))
const copiedSchemaDir = fileURLToPath(new URL('../../../src/domain/ownership/bods-0.4/', import.meta.url))
const schemaDir = existsSync(officialSchemaDir) ? officialSchemaDir : copiedSchemaDir

/** The official schema, compiled here on its own (not through the module under test). */
const officialValidator = () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  ;(addFormatsModule as unknown as (a: Ajv2020) => void)(ajv)
  const url = (v: string) => v.replace(/^urn:(\w[\w-]*)/, 'https://schema.test/bods/$1')
  const load = (file: string) => JSON.parse(readFileSync(`${schemaDir}${file}`, 'utf8'),
    (key, value) => ((key === '$id' || key === '$ref') && typeof value === 'string' ? url(value) : value))
  for (const file of ['components.json', 'entity-record.json', 'person-record.json', 'relationship-record.json']) ajv.addSchema(load(file))
  return ajv.compile(load('statement.json'))
}

const publication = { publicationDate: '2025-07-01', publisherName: 'Children\'s homes financial oversight', idSeed: 'return-1' }

/** The figures the rules read, for comparing two resolutions. */
const figures = (r: OwnershipResolution) => ({
  entities: r.entities.map(e => [e.ref, e.kind, e.jurisdiction, e.effectivePctRounded, e.controls, e.root]).sort(),
  ultimateControllers: r.ultimateControllers.map(u => [u.ref, u.effectivePctRounded, u.controls, u.path]),
  resolvedPct: r.resolvedPctRounded, peBacked: r.peBacked, peHolders: r.peHolders.map(h => [h.ref, h.heldSince]),
  offshore: r.offshore, depth: r.depth, cycles: r.cycles,
})
const sameGraph = (g: OwnershipGraph) => ({
  entities: g.entities.map(e => JSON.stringify({ ...e, since: undefined })).sort(),
  interests: g.interests.map(i => JSON.stringify(Object.fromEntries(Object.entries(i).sort()))).sort(),
})

t.test('the export validates against the official BODS 0.4 schema and round-trips', async t => {
  const validate = officialValidator()
  for (const [name, build] of Object.entries(structures)) {
    const graph = build()
    const statements = graphToBods(graph, publication)
    t.ok(validate(statements), `${name}: ${JSON.stringify(validate.errors ?? [])}`)
    t.same(validateBods(statements), [], `${name}: the module's validator agrees`)
    const back = bodsToGraph(statements, graph.reportingEntity, '2026-03-31')
    t.same(sameGraph(back.graph), sameGraph(graph), `${name}: the same graph comes back`)
    t.same(figures(resolveOwnership(back.graph)), figures(resolveOwnership(graph)), `${name}: the same figures`)
  }
})

t.test('statement ids are stable for a filing, and the chain precedes its summary', async t => {
  const graph = structures.indirectChain()
  const first = graphToBods(graph, publication) as Json[]
  t.same(graphToBods(graph, publication), first, 'the same filing publishes the same statements')
  t.ok(first.every(s => /^[0-9a-f]{64}$/.test(String(s.statementId))))
  const other = graphToBods(graph, { ...publication, idSeed: 'return-2' }) as Json[]
  t.notOk(other.some(s => first.some(f => f.statementId === s.statementId)), 'another filing, other ids')
  t.equal(new Set(first.map(s => s.statementId)).size, first.length)

  const summary = first.findIndex(s => (s.recordDetails as Json).componentRecords)
  const details = first[summary].recordDetails as Json
  t.same(details.componentRecords, ['topco', 'owner/topco', 'topco/opco'])
  t.equal(details.isComponent, false)
  for (const recordId of details.componentRecords as string[]) {
    const k = first.findIndex(s => s.recordId === recordId)
    t.ok(k < summary, `${recordId} comes before the indirect relationship`)
    t.equal((first[k].recordDetails as Json).isComponent, true)
  }
  const direct = first.find(s => s.recordId === 'owner/opco')!
  t.equal((direct.recordDetails as Json).isComponent, false, 'the owner\'s own direct 5% is no part of the chain')

  const fund = graphToBods(structures.plainChain(), publication).find(s => (s as Json).recordId === 'fund') as Json
  t.same((fund.recordDetails as Json).entityType, { type: 'legalEntity', details: 'private equity fund' })
})

t.test('the copied schema is the official one, unchanged', { skip: !existsSync(officialSchemaDir) && '../shared/data/bods-0.4 is not beside the checkout' }, async t => {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap(d => (d.isDirectory() ? files(`${dir}${d.name}/`).map(f => `${d.name}/${f}`) : [d.name]))
    .filter(f => f !== 'PROVENANCE.md')
    .sort()
  t.same(files(copiedSchemaDir), files(officialSchemaDir))
  for (const f of files(officialSchemaDir)) {
    t.ok(readFileSync(`${copiedSchemaDir}${f}`).equals(readFileSync(`${officialSchemaDir}${f}`)), f)
  }
})

t.test('every fixture is valid BODS 0.4', async t => {
  for (const fixture of [peChain(), inForce(), superseded(), closedRecord(), ranges(), indirect(), publicBodies(), unresolved()]) {
    t.same(validateBods(fixture), [])
  }
})
