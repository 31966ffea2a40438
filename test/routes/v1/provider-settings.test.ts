// GET /v1/providers/{id}/settings: a group's latest return's settings, each as the Ofsted register
// in force reads it (registration, judgement, inspection date); the regulator or the group itself.
import t from 'tap'
import { bearer, build, seedProvider } from '../../helper.js'
import { smallReturn } from '../../fixtures/returns.js'
import type { Setting } from '../../../src/domain/annual-return.js'

const CSV = 'URN,Registration status,Places,Overall experiences and progress of children and young people,Inspection date\r\n'
  + 'SC400001,Active,3,Inadequate,14/03/2026\r\nSC400002,Resigned,4,Good,02/11/2025\r\nSC400003,Active,2,,\r\n'

t.test('a group\'s settings beside the register in force', async (t) => {
  const app = await build(t)
  const reg = await bearer({ role: 'regulator' })
  const group = await seedProvider(app)
  const other = await seedProvider(app)
  const own = await bearer({ role: 'provider', providerId: group.id })
  const url = `/v1/providers/${group.id}/settings`

  t.equal((await app.inject({ url, headers: reg })).statusCode, 404, 'no return filed: nothing to read')
  const body = smallReturn()
  const laCode = body.settings[0].laCode
  body.settings = [['SC400001', 3], ['SC400002', 4], ['SC400003', 2], ['SC499999', 5]]
    .map(([urn, places], i): Setting => ({ urn: String(urn), name: `Home <b>${i + 1}</b>`, kind: 'childrens_home', places: Number(places), laCode }))
  const filed = await app.inject({ method: 'POST', url: `/v1/providers/${group.id}/returns`, headers: own, payload: body })
  t.equal(filed.statusCode, 201, filed.body)

  const before = await app.inject({ url, headers: reg })
  t.equal(before.statusCode, 200)
  t.match(before.json(), { providerId: group.id, returnId: filed.json().id, periodEnd: body.periodEnd, register: null })
  t.same(before.json().settings.map((s: { registered: unknown; judgement: unknown }) => [s.registered, s.judgement]), [[null, null], [null, null], [null, null], [null, null]], 'nothing known before a register is loaded')

  const loaded = await app.inject({ method: 'PUT', url: '/v1/reference/ofsted-settings', headers: { ...reg, 'content-type': 'text/csv' }, payload: CSV })
  t.equal(loaded.statusCode, 200, loaded.body)
  const after = await app.inject({ url, headers: own })
  t.equal(after.statusCode, 200, 'the group reads its own')
  t.match(after.json().register, { loadId: loaded.json().loadId })
  t.same(after.json().settings, [
    { urn: 'SC400001', name: 'Home <b>1</b>', kind: 'childrens_home', places: 3, laCode, registered: true, registrationStatus: 'Active', judgement: 'inadequate', inspectionDate: '2026-03-14' },
    { urn: 'SC400002', name: 'Home <b>2</b>', kind: 'childrens_home', places: 4, laCode, registered: false, registrationStatus: 'Resigned', judgement: 'good', inspectionDate: '2025-11-02' },
    { urn: 'SC400003', name: 'Home <b>3</b>', kind: 'childrens_home', places: 2, laCode, registered: true, registrationStatus: 'Active', judgement: null, inspectionDate: null },
    { urn: 'SC499999', name: 'Home <b>4</b>', kind: 'childrens_home', places: 5, laCode, registered: false, registrationStatus: null, judgement: null, inspectionDate: null },
  ], 'matched by URN as the quality rules match them, in the order filed')

  t.equal((await app.inject({ url: `/v1/providers/${group.id}/settings`, headers: await bearer({ role: 'provider', providerId: other.id }) })).statusCode, 404, 'another group does not exist for a provider')
  t.equal((await app.inject({ url, headers: await bearer({ role: 'council', laCode }) })).statusCode, 403, 'a council sees no figure of a group')
  t.equal((await app.inject({ url: '/v1/providers/not-a-uuid/settings', headers: reg })).statusCode, 400)
})
