// The register as CSV opens in a regulator's spreadsheet: text a provider chose (its name) must
// never become a live formula there (CSV injection, OWASP).
import t from 'tap'
import { parse } from 'csv-parse/sync'
import { build, bearer, seedProvider } from '../../helper.js'
import { smallReturn } from '../../fixtures/returns.js'

const TODAY = new Date('2026-11-23T10:00:00Z')

t.test('provider text that a spreadsheet would run as a formula is neutralised in the CSV register', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const reg = await bearer({ role: 'regulator' })
  const names = ['=HYPERLINK("http://x","y")', '+SUM(1,1)', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', 'Plain Care Ltd']
  const ids = new Map<string, string>()
  for (const name of names) {
    const p = await seedProvider(app, { name })
    ids.set(p.id, name)
    // Going-concern doubt raises a red flag, so the group has a line in the register.
    const body = smallReturn()
    body.accounts.goingConcernMaterialUncertainty = true
    const filed = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: await bearer({ role: 'provider', providerId: p.id }), payload: body })
    t.equal(filed.statusCode, 201)
  }
  const res = await app.inject({ url: '/v1/flags', headers: { ...reg, accept: 'text/csv' } })
  t.equal(res.statusCode, 200)
  const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>
  const seen = new Set<string>()
  for (const row of rows) {
    const name = ids.get(row.providerId)!
    seen.add(name)
    const expected = name === 'Plain Care Ltd' ? name : `'${name}`
    t.equal(row.providerName, expected, `${JSON.stringify(name)} written as ${JSON.stringify(expected)}`)
    for (const [column, cell] of Object.entries(row)) t.notMatch(cell, /^[=+\-@\t\r]/, `${column} does not begin a formula`)
  }
  t.same([...seen].sort(), [...names].sort(), 'every group is in the export')
  t.ok(res.body.includes(`"'=HYPERLINK(""http://x"",""y"")"`), 'the quoted cell as it is written')
  // The JSON register keeps the name as given: neutralising is for spreadsheets only.
  const json = (await app.inject({ url: '/v1/flags', headers: reg })).json().items as Array<{ providerName: string }>
  t.ok(json.some((f) => f.providerName === '=HYPERLINK("http://x","y")'))
})
