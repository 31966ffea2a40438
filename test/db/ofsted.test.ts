// What an assessment will read of the register (ruleset 2027.2): the load in force and the entries
// of a return's URNs, in one statement; any earlier load as it was.
import t from 'tap'
import { bearer, build } from '../helper.js'
import { registerEntries, registerInForce } from '../../src/db/queries/ofsted.js'
import type { Setting } from '../../src/domain/annual-return.js'
import { qualityMetrics } from '../../src/domain/quality.js'

const home = (urn: string, places: number): Setting => ({ urn, name: 'Home', kind: 'childrens_home', places, laCode: 'E08000025' })
const HEAD = 'URN,Registration status,Overall experiences and progress of children and young people\r\n'

t.test('the register in force for a return\'s settings, and an earlier load as it was', async (t) => {
  const app = await build(t)
  const settings = [home(' sc100001', 3), home('SC100002', 1), home('SC100009', 4)]
  t.equal(await registerInForce(app.db, settings), null, 'no register loaded: null, and the metrics are undefined')
  t.same(qualityMetrics(settings, null), { placesInadequate: null, placesRequiresImprovement: null, unregisteredSettings: null })

  const headers = await bearer({ role: 'regulator' })
  const put = async (csv: string) => (await app.inject({ method: 'PUT', url: '/v1/reference/ofsted-settings', headers: { ...headers, 'content-type': 'text/csv' }, payload: csv })).json()
  t.equal((await put(`${HEAD}SC100001,Active,Inadequate\r\nSC100002,Active,Good\r\nSC100003,Active,Good\r\n`)).loadId, 1)
  t.equal((await put(`${HEAD}SC100001,Resigned,Inadequate\r\nSC100003,Active,Good\r\n`)).loadId, 2)

  const extract = await registerInForce(app.db, settings)
  t.same(extract, { loadId: 2, settings: { SC100001: { judgement: 'inadequate', registrationStatus: 'Resigned' } } }, 'the latest load, the return\'s URNs only')
  t.same(qualityMetrics(settings, extract), { placesInadequate: 1, placesRequiresImprovement: 0, unregisteredSettings: 3 })

  const first = await registerEntries(app.db, 1, ['SC100001', 'SC100002', 'SC100009'])
  t.same(Object.fromEntries(first), {
    SC100001: { registrationStatus: 'Active', judgement: 'inadequate' },
    SC100002: { registrationStatus: 'Active', judgement: 'good' },
  }, 'load 1 is kept as it was read')
  t.same(await registerInForce(app.db, []), { loadId: 2, settings: {} }, 'a return without settings still reads which load')
})
