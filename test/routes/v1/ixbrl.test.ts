import t from 'tap'
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { setTimeout } from 'node:timers/promises'
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
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
  // the reading's three optional 2027.1 fields are not part of the 2026.2 return this test files
  const { profitBeforeTax, directorsRemuneration, rentPayable, ...returnAccounts } = reading.accounts
  t.equal(profitBeforeTax, 2_910_000, 'profit before tax read too')
  t.notOk(directorsRemuneration ?? rentPayable, 'the fixture tags neither directors\' remuneration nor rent')
  Object.assign(body.accounts, { ...returnAccounts, revenue: Math.round(reading.accounts.revenue * 1.03), ebitda: undefined, reportedBorrowings: undefined })
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

t.test('a real group filing whose stray consolidated fact hid every figure is read, each figure saying its column', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app, { companyNumber: '03195231' })
  const provider = await bearer({ role: 'provider', providerId: p.id })
  const doc = readFileSync(new URL('../../fixtures/ixbrl/real/03195231-2020-06-30.xhtml', import.meta.url), 'utf8')
  const res = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/accounts/ixbrl`, headers: { ...provider, 'content-type': 'application/xhtml+xml' }, payload: doc })
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  const reading = res.json()
  t.match(reading, { scope: 'entity', companyNumber: '03195231', periodStart: '2019-07-01', periodEnd: '2020-06-30' })
  t.match(reading.accounts, { totalAssets: 41_369_949, totalLiabilities: 6_404_937, totalEquity: 34_965_012, profitBeforeTax: 481_993, rentPayable: 3_640 })
  t.ok(reading.facts.every((f: { scope: string }) => f.scope === 'entity'), 'each fact says which column it came from')
  t.same(reading.missing, ['revenue', 'operatingProfit', 'depreciationAmortisation', 'directorsRemuneration'])
  t.equal(reading.missingReasons.revenue, 'no figure is tagged for the current period', 'and why each missing field is missing')
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

/**
 * A hostile document: `facts` text facts, every one continued at the head of one chain of `links`
 * ix:continuation elements of `chars` characters each. Joined naively, each fact holds the whole chain.
 * With `continued` false, the same text with no fact continued: an ordinary document of the same size.
 */
const sharedChains = (facts: number, links: number, chars: number, continued = true) => {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"',
    ' xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:iso4217="http://www.xbrl.org/2003/iso4217"',
    ' xmlns:core="http://xbrl.frc.org.uk/fr/2024-01-01/core" xmlns:bus="http://xbrl.frc.org.uk/cd/2024-01-01/business"><body>',
    '<ix:header><ix:resources><xbrli:context id="y"><xbrli:entity><xbrli:identifier scheme="http://www.companieshouse.gov.uk/">01234567</xbrli:identifier>',
    '</xbrli:entity><xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>',
    '<xbrli:unit id="GBP"><xbrli:measure>iso4217:GBP</xbrli:measure></xbrli:unit></ix:resources></ix:header>',
    '<p><ix:nonFraction name="core:TurnoverRevenue" contextRef="y" unitRef="GBP" decimals="0">100</ix:nonFraction></p>',
  ]
  const at = continued ? ' continuedAt="k0"' : ''
  for (let i = 0; i < facts; i++) parts.push(`<p><ix:nonNumeric name="bus:DescriptionPrincipalActivities" contextRef="y"${at}>x</ix:nonNumeric></p>`)
  const filler = 'care '.repeat(Math.ceil(chars / 5)).slice(0, chars)
  for (let i = 0; i < links; i++) parts.push(`<ix:continuation id="k${i}"${i + 1 < links ? ` continuedAt="k${i + 1}"` : ''}>${filler}</ix:continuation>`)
  parts.push('</body></html>')
  return parts.join('')
}

/**
 * Probes /health/live every 50 ms from a thread of its own, so a blocked server shows as a slow answer
 * rather than as probes never sent; posts the latencies back when told to stop (Infinity: no answer).
 */
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads')
let probing = true
parentPort.once('message', () => { probing = false })
;(async () => {
  const latencies = []
  while (probing) {
    const sent = performance.now()
    try {
      const res = await fetch(workerData.url)
      await res.text()
      latencies.push(res.ok ? performance.now() - sent : Infinity)
    } catch {
      latencies.push(Infinity) // no answer at all
    }
    if (latencies.length === 1) parentPort.postMessage('probing')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  parentPort.postMessage(latencies)
})()
`

t.test('shared continuation chains are refused at once, and the service stays live meanwhile', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const provider = await bearer({ role: 'provider', providerId: p.id })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

  /** Upload a document with a liveness probe beside it: how long the answer took, and the slowest probe. */
  const beside = async (doc: string) => {
    const prober = new Worker(PROBER, { eval: true, workerData: { url: `${base}/health/live` } })
    t.teardown(() => prober.terminate())
    await once(prober, 'message') // the first probe answered: probing has begun
    const sent = performance.now()
    const res = await fetch(`${base}/v1/providers/${p.id}/accounts/ixbrl`, {
      method: 'POST', headers: { ...provider, 'content-type': 'application/xhtml+xml' }, body: doc,
    })
    const answeredIn = performance.now() - sent
    const body = await res.json() as { detail?: string }
    await setTimeout(100)
    prober.postMessage('stop')
    const [probes] = await once(prober, 'message') as [number[]]
    return { status: res.status, body, answeredIn, probes: probes.length, slowest: Math.max(...probes) }
  }

  // The bounds are 2 s to answer and 500 ms for a probe, or, on a host too loaded to meet them, three times
  // what an ordinary document of the same size takes in the same run (its answer, its slowest probe).
  // Joining the chains naively took 20 s for the first document and ran the heap out of memory on the second.
  for (const [size, facts, links] of [['1 MB', 8_000, 50], ['3 MB', 9_000, 1_000]] as const) {
    const ordinary = await beside(sharedChains(facts, links, 2_000, false))
    t.equal(ordinary.status, 200, `${size}: the same text with no shared chain is read`)
    const attack = await beside(sharedChains(facts, links, 2_000))
    t.equal(attack.status, 422, size)
    t.match(attack.body.detail, /expands to more than 4 times the document's length/, `${size}: says why`)
    t.ok(attack.answeredIn < Math.max(2_000, 3 * ordinary.answeredIn),
      `${size}: answered in ${Math.round(attack.answeredIn)} ms (the ordinary document: ${Math.round(ordinary.answeredIn)} ms)`)
    t.ok(attack.probes >= 2, `${size}: ${attack.probes} liveness probes`)
    t.ok(attack.slowest < Math.max(500, 3 * ordinary.slowest),
      `${size}: the slowest liveness probe took ${Math.round(attack.slowest)} ms (beside the ordinary document: ${Math.round(ordinary.slowest)} ms)`)
  }
})
