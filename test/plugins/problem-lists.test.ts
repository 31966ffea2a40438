// A refusal lists the first 100 problems and says how many more there are; the checks stop once
// more than 1,000 are found, whether the schema finds them or the rules do.
import t from 'tap'
import { build, bearer, seedProvider } from '../helper.js'
import { asBods, smallReturn } from '../fixtures/returns.js'

const TODAY = new Date('2026-11-23T10:00:00Z')

interface Refusal { type: string; detail: string; errors: Array<{ pointer: string; detail: string }>; moreErrors?: number }

t.test('problem lists are capped at 100, with the rest counted', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const provider = await bearer({ role: 'provider', providerId: p.id })
  const file = async (body: unknown) => {
    const res = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: provider, payload: body as object })
    t.equal(res.statusCode, 422)
    t.ok(res.body.length < 50_000, `a short answer (${res.body.length} bytes)`)
    return res.json() as Refusal
  }

  t.test('a few problems: every one listed, no count', async (t) => {
    const body = smallReturn()
    body.placements = [{ laCode: 'X', children: -1 }, { laCode: 'Y', children: 1 }]
    const got = await file(body)
    t.equal(got.detail, '3 problems with the request body')
    t.equal(got.errors.length, 3)
    t.notOk('moreErrors' in got)
  })

  t.test('459 schema problems: 100 listed, 359 counted', async (t) => {
    // 153 placements (the schema's most), each with three problems.
    const body = { ...smallReturn(), placements: Array.from({ length: 153 }, () => ({ laCode: 'X', children: -1, extra: 1 })) }
    const got = await file(body)
    t.equal(got.errors.length, 100)
    t.equal(got.moreErrors, 359)
    t.equal(got.detail, '459 problems with the request body; the first 100 are listed, moreErrors counts the other 359 found')
    t.same(got.errors.slice(0, 3).map((e) => e.pointer).sort(), ['/placements/0/children', '/placements/0/extra', '/placements/0/laCode'], 'from the start of the body')
  })

  t.test('100,000 bad placements: checking stops after 1,000', async (t) => {
    const body = { ...smallReturn(), placements: Array.from({ length: 100_000 }, () => ({ laCode: 'X', children: -1, extra: 1 })) }
    const got = await file(body)
    t.equal(got.type, 'urn:provider-oversight:problem:validation-failed')
    t.equal(got.errors.length, 100)
    t.match(got.detail, /^More than 1000 problems with the request body \(checking stopped there\); the first 100 are listed, moreErrors counts the other \d+ found$/)
    t.ok(got.moreErrors! >= 900, `moreErrors ${got.moreErrors}`)
    t.match(got.errors[0], { pointer: '/placements', detail: 'must NOT have more than 153 items' }, 'the array\'s own length first')
  })

  t.test('the rules\' problems: 120 found, 100 listed', async (t) => {
    // Schema-valid settings that break the rules twice each: not an Ofsted URN, not a council.
    const body = smallReturn()
    body.settings = Array.from({ length: 60 }, (_, i) => ({ urn: `X${i}`, name: 'Home', kind: 'childrens_home', places: 2, laCode: 'E09999999' }))
    const got = await file(body)
    t.equal(got.errors.length, 100)
    t.equal(got.moreErrors, 20)
    t.match(got.errors[0], { pointer: '/settings/0/urn' })
  })

  t.test('the rules\' problems beyond 1,000: checking stops', async (t) => {
    const body = smallReturn()
    body.settings = Array.from({ length: 5_000 }, (_, i) => ({ urn: `X${i}`, name: 'Home', kind: 'childrens_home', places: 2, laCode: 'E09999999' }))
    const got = await file(body)
    t.equal(got.errors.length, 100)
    t.match(got.detail, /^More than 1000 problems/)
    t.equal(got.moreErrors, 901, 'the first 1,000 and one more found, no further')
  })

  t.test('20,000 BODS statements that are not statements: the BODS schema check stops too', async (t) => {
    const body = asBods(smallReturn())
    ;(body.ownership as { bods: unknown[] }).bods = Array(20_000).fill({})
    const got = await file(body)
    t.equal(got.errors.length, 100)
    t.match(got.detail, /^More than 1000 problems/)
    t.match(got.errors[0].pointer, /^\/ownership\/bods\/0\//)
  })
})
