import t from 'tap'
import { randomUUID } from 'node:crypto'
import { build, bearer, seedProvider } from '../../helper.js'

t.test('a regulator registers, lists, reads and designates providers', async (t) => {
  const app = await build(t)
  const reg = await bearer({ role: 'regulator' })
  const created = await app.inject({ method: 'POST', url: '/v1/providers', headers: reg, payload: { name: 'Oakfield Care Group', companyNumber: '09876543', kind: 'private' } })
  t.equal(created.statusCode, 201)
  const p = created.json()
  t.match(p, { name: 'Oakfield Care Group', companyNumber: '09876543', kind: 'private', designated: false, rating: 'unrated' })
  t.equal(created.headers.location, `/v1/providers/${p.id}`)

  const dup = await app.inject({ method: 'POST', url: '/v1/providers', headers: reg, payload: { name: 'Copy', companyNumber: '09876543', kind: 'private' } })
  t.equal(dup.statusCode, 409, 'a duplicate company number conflicts')

  const designated = await app.inject({ method: 'PUT', url: `/v1/providers/${p.id}/designation`, headers: reg, payload: { designated: true, reason: 'Holds 12% of Kent\'s children', responsibleIndividual: 'A. Director' } })
  t.equal(designated.statusCode, 200)
  t.equal(designated.json().designated, true)
  await app.inject({ method: 'PUT', url: `/v1/providers/${p.id}/designation`, headers: reg, payload: { designated: false, reason: 'Sold its homes' } })
  const got = (await app.inject({ url: `/v1/providers/${p.id}`, headers: reg })).json()
  t.equal(got.designated, false)
  t.equal(got.designations.length, 2, 'history kept')
  t.equal(got.designations[0].reason, 'Sold its homes', 'newest first')
  t.equal(got.designations[1].responsibleIndividual, 'A. Director')

  // The contract's body: the responsible individual is optional, recorded only when given.
  const unnamed = await app.inject({ method: 'PUT', url: `/v1/providers/${p.id}/designation`, headers: reg, payload: { designated: true, reason: 'Holds 15% of Kent\'s children' } })
  t.equal(unnamed.statusCode, 200, 'designation without a responsible individual')
  t.equal(unnamed.json().designated, true)
  t.equal(unnamed.json().designations[0].reason, 'Holds 15% of Kent\'s children')
  t.equal(unnamed.json().designations[0].responsibleIndividual, null, 'none recorded')
  t.equal(unnamed.json().designations[2].responsibleIndividual, 'A. Director', 'an earlier one kept')
  const blank = await app.inject({ method: 'PUT', url: `/v1/providers/${p.id}/designation`, headers: reg, payload: { designated: true, reason: 'x', responsibleIndividual: '' } })
  t.equal(blank.statusCode, 422, 'an empty name is not a name')
  t.equal(blank.json().errors[0].pointer, '/responsibleIndividual')
  const missing = await app.inject({ method: 'PUT', url: `/v1/providers/${randomUUID()}/designation`, headers: reg, payload: { designated: true, reason: 'x', responsibleIndividual: 'B. Finance' } })
  t.equal(missing.statusCode, 404)

  const actions = (await app.inject({ url: `/v1/audit?objectType=provider&objectId=${p.id}`, headers: reg })).json().items.map((e: { action: string }) => e.action)
  t.same(actions, ['provider.designate', 'provider.undesignate', 'provider.designate', 'provider.create'])
})

t.test('cursor paging walks every provider once, in a stable order, with filters', async (t) => {
  const app = await build(t)
  const reg = await bearer({ role: 'regulator' })
  const ids = new Set<string>()
  for (let i = 0; i < 7; i++) ids.add((await seedProvider(app, { companyNumber: String(20000000 + i) })).id)
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const res = await app.inject({ url: `/v1/providers?limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: reg })
    t.equal(res.statusCode, 200)
    const page: { items: { id: string }[]; nextCursor: string | null } = res.json()
    seen.push(...page.items.map((p) => p.id))
    cursor = page.nextCursor
    pages++
  } while (cursor)
  t.equal(pages, 3)
  t.same(new Set(seen), ids)
  t.equal(seen.length, 7, 'no duplicates')
  const first = [...ids][0]
  await app.inject({ method: 'PUT', url: `/v1/providers/${first}/designation`, headers: reg, payload: { designated: true, reason: 'size', responsibleIndividual: 'C. Chief Executive' } })
  const designated = (await app.inject({ url: '/v1/providers?designated=true', headers: reg })).json()
  t.same(designated.items.map((p: { id: string }) => p.id), [first])
  t.equal((await app.inject({ url: '/v1/providers?rating=green', headers: reg })).json().items.length, 0)
})

t.test('a provider sees only itself; councils may not read providers', async (t) => {
  const app = await build(t)
  const a = await seedProvider(app)
  const b = await seedProvider(app)
  const asA = await bearer({ role: 'provider', providerId: a.id })
  t.equal((await app.inject({ url: `/v1/providers/${a.id}`, headers: asA })).statusCode, 200)
  t.equal((await app.inject({ url: `/v1/providers/${b.id}`, headers: asA })).statusCode, 404, 'another group does not exist for A')
  const list = (await app.inject({ url: '/v1/providers', headers: asA })).json()
  t.same(list.items.map((p: { id: string }) => p.id), [a.id])
  t.equal((await app.inject({ method: 'POST', url: '/v1/providers', headers: asA, payload: { name: 'x', companyNumber: '12345678', kind: 'private' } })).statusCode, 403)
  t.equal((await app.inject({ method: 'PUT', url: `/v1/providers/${a.id}/designation`, headers: asA, payload: { designated: true, reason: 'x' } })).statusCode, 403)
  const council = await bearer({ role: 'council', laCode: 'E09000007' })
  t.equal((await app.inject({ url: '/v1/providers', headers: council })).statusCode, 403)
  t.equal((await app.inject({ url: `/v1/providers/${a.id}`, headers: council })).statusCode, 403)
  t.equal((await app.inject({ method: 'PUT', url: `/v1/providers/${a.id}/designation`, headers: council, payload: { designated: true, reason: 'x' } })).statusCode, 403)
})

t.test('name finds part of a group\'s name in any case, its wildcards taken literally', async (t) => {
  const app = await build(t)
  const reg = await bearer({ role: 'regulator' })
  const harbour = await seedProvider(app, { name: 'Harbour Care Ltd' })
  const lantern = await seedProvider(app, { name: 'Lantern CARE Homes' })
  const percent = await seedProvider(app, { name: 'Fifty_50% Homes' })
  await seedProvider(app, { name: 'Quiet Homes' })
  const named = async (name: string, headers = reg) => {
    const res = await app.inject({ url: `/v1/providers?name=${encodeURIComponent(name)}`, headers })
    t.equal(res.statusCode, 200, name)
    return res.json().items.map((p: { id: string }) => p.id)
  }
  t.same(await named('care'), [harbour.id, lantern.id])
  t.same(await named('  harbour '), [harbour.id], 'surrounding space ignored')
  t.same(await named('%'), [percent.id], '% is a character, not a wildcard')
  t.same(await named('_5'), [percent.id], '_ too')
  t.same(await named('nobody'), [])
  t.same((await app.inject({ url: '/v1/providers?name=care&designated=true', headers: reg })).json().items, [], 'with the other filters')
  t.same(await named('care', await bearer({ role: 'provider', providerId: harbour.id })), [harbour.id], 'a provider still sees only itself')
  t.same(await named('lantern', await bearer({ role: 'provider', providerId: harbour.id })), [])
  const bad = await app.inject({ url: `/v1/providers?name=${'x'.repeat(201)}`, headers: reg })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { errors: [{ pointer: '/name' }] })
  t.equal((await app.inject({ url: '/v1/providers?name=', headers: reg })).statusCode, 400, 'an empty name is no filter to ask for')
})
