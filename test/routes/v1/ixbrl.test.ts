import t from 'tap'
import { readFileSync } from 'node:fs'
import { build, bearer, isProblem, seedProvider } from '../../helper.js'
import { smallReturn } from '../../fixtures/returns.js'

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ixbrl/${name}`, import.meta.url), 'utf8')
const TODAY = new Date('2026-11-23T10:00:00Z')

t.test('a provider reads its accounts from its filed iXBRL, then files a return citing it', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const provider = await bearer({ role: 'provider', providerId: p.id })
  const upload = (doc: string, type = 'application/xhtml+xml', headers = provider) =>
    app.inject({ method: 'POST', url: `/v1/providers/${p.id}/accounts/ixbrl`, headers: { ...headers, 'content-type': type }, payload: doc })

  const res = await upload(fixture('frs102-group.xhtml'))
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  const reading = res.json()
  t.match(reading, { scope: 'group', periodStart: '2024-01-01', periodEnd: '2024-12-31', companyNumber: '09876543', missing: [] })
  t.equal(reading.accounts.revenue, 48_250_000)
  t.equal(reading.accounts.totalAssets, 71_400_000)
  t.ok(reading.facts.find((f: { field: string; derivedFrom?: string[] }) => f.field === 'totalLiabilities').derivedFrom.length > 1, 'says what was derived')
  t.match(reading.ixbrlSha256, /^[0-9a-f]{64}$/)
  t.equal((await upload(fixture('xhtml-as-html.html'), 'text/html')).statusCode, 200, 'text/html too')

  // A return that cites it, with revenue 3% above what Companies House has: CMP-ACCOUNTS-MISMATCH.
  const body = smallReturn({ periodStart: '2024-01-01', periodEnd: '2024-12-31' })
  Object.assign(body.accounts, { ...reading.accounts, revenue: Math.round(reading.accounts.revenue * 1.03), ebitda: undefined, reportedBorrowings: undefined })
  body.accountsSource = { ixbrlSha256: reading.ixbrlSha256 }
  const filed = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: provider, payload: JSON.parse(JSON.stringify(body)) })
  t.equal(filed.statusCode, 201, filed.body.slice(0, 400))
  const mismatch = filed.json().assessment.flags.find((f: { ruleId: string }) => f.ruleId === 'CMP-ACCOUNTS-MISMATCH')
  t.equal(mismatch?.severity, 'amber')
  t.match(mismatch?.explanation, /revenue|Revenue/)
  const seen = (await app.inject({ url: `/v1/returns/${filed.json().id}`, headers: await bearer({ role: 'regulator' }) })).json()
  t.equal(seen.accountsProvenance.ixbrlSha256, reading.ixbrlSha256, 'the regulator sees where each figure came from')
  t.ok(seen.accountsProvenance.facts.some((f: { concept: string }) => f.concept === 'uk-core:TurnoverRevenue'))

  const unknown = smallReturn()
  unknown.accountsSource = { ixbrlSha256: 'a'.repeat(64) }
  const refused = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: provider, payload: unknown })
  t.equal(refused.statusCode, 422)
  t.ok(refused.json().errors.some((e: { pointer: string }) => e.pointer === '/accountsSource/ixbrlSha256'))
})

t.test('bad documents get a 422 naming what is missing; wrong type 415; too big 413; others 403/404', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const q = await seedProvider(app)
  const provider = await bearer({ role: 'provider', providerId: p.id })
  const upload = (doc: string, type = 'application/xhtml+xml', headers = provider, id = p.id) =>
    app.inject({ method: 'POST', url: `/v1/providers/${id}/accounts/ixbrl`, headers: { ...headers, 'content-type': type }, payload: doc })
  for (const [file, expected] of [['not-xml.html', /not XML/], ['no-header.xhtml', /ix:header/], ['no-contexts.xhtml', /context/], ['unrecognised.xhtml', /recognised/]] as const) {
    const res = await upload(fixture(file))
    t.equal(res.statusCode, 422, file)
    t.ok(isProblem(res))
    t.match(res.json().detail, expected, file)
  }
  t.equal((await upload('hello', 'text/plain')).statusCode, 415)
  const big = await upload('<html>' + ' '.repeat(21 * 1024 * 1024) + '</html>')
  t.equal(big.statusCode, 413)
  t.equal((await upload(fixture('frs102-group.xhtml'), 'application/xhtml+xml', provider, q.id)).statusCode, 404, 'another group')
  t.equal((await upload(fixture('frs102-group.xhtml'), 'application/xhtml+xml', await bearer({ role: 'council', laCode: 'E09000007' }))).statusCode, 403)
  t.equal((await upload(fixture('frs102-group.xhtml'), 'application/xhtml+xml', await bearer({ role: 'regulator' }))).statusCode, 403)
})
