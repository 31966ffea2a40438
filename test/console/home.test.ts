// The regulator's home: the register at a glance. Each count is what GET /v1/flags gives for that
// severity and status, and links to the register filtered to it; the groups by rating are
// GET /v1/providers's; a flag moved into review moves its count.
import t from 'tap'
import { bearer, build } from '../helper.js'
import { troubledGroup } from './flags.js'
import { Visitor } from './http.js'

t.test('the regulator\'s home counts the open register as the API lists it, and links each count to it', async (t) => {
  const app = await build(t)
  const groups = [await troubledGroup(app, 'Harbour Homes Group'), await troubledGroup(app, 'Lantern <b>House</b> Care')]
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const regulator = new Visitor(base)
  const headers = await bearer({ role: 'regulator' })
  const count = async (query: string) => {
    const res = await app.inject({ url: `/v1/flags?${query}&limit=200`, headers })
    return res.json<{ items: unknown[] }>().items.length
  }
  const cell = (html: string, severity: string, status: string) => {
    const row = new RegExp(`<th scope="row" class="govuk-table__header">${severity === 'red' ? 'Red' : 'Amber'}</th>([\\s\\S]*?)</tr>`).exec(html)![1]
    const cells = [...row.matchAll(/<td[^>]*>\s*([\s\S]*?)\s*<\/td>/g)].map((m) => m[1])
    const text = cells[['open', 'under_review', 'escalated'].indexOf(status)]
    const link = /href="([^"]+)">(\d+)</.exec(text)
    return link ? { n: Number(link[2]), href: link[1].replaceAll('&amp;', '&') } : { n: Number(text), href: undefined }
  }

  let home = await regulator.signIn('regulator')
  const openRed = await count('severity=red&status=open')
  t.ok(openRed >= 2, 'each troubled group has a red flag open')
  t.same(cell(home.text, 'red', 'open'), { n: openRed, href: '/register?severity=red&status=open' })
  t.same(cell(home.text, 'amber', 'open'), { n: await count('severity=amber&status=open'), href: (await count('severity=amber&status=open')) ? '/register?severity=amber&status=open' : undefined })
  t.same(cell(home.text, 'red', 'under_review'), { n: 0, href: undefined }, 'nothing under review yet: no link')
  const filtered = await regulator.request(cell(home.text, 'red', 'open').href!)
  t.equal(filtered.status, 200)
  t.equal(filtered.text.match(/<tr class="govuk-table__row">\s*<td/g)?.length, openRed, 'the link opens exactly those flags')

  const providers = (await app.inject({ url: '/v1/providers?rating=red', headers })).json<{ items: { id: string }[] }>().items
  t.match(home.text, new RegExp(`href="/providers\\?rating=red">${providers.length} groups rated red<`))
  t.same(providers.map((p) => p.id).sort(), groups.map((g) => g.id).sort())

  // A red flag taken into review moves from one count to the next.
  const [flag] = (await app.inject({ url: `/v1/flags?severity=red&status=open&providerId=${groups[0].id}`, headers })).json<{ items: { id: string }[] }>().items
  const current = await app.inject({ url: `/v1/flags/${flag.id}`, headers })
  const moved = await app.inject({ method: 'POST', url: `/v1/flags/${flag.id}/transitions`, headers: { ...headers, 'if-match': current.headers.etag as string }, payload: { to: 'under_review' } })
  t.equal(moved.statusCode, 200, moved.body)
  home = await regulator.request('/')
  t.equal(cell(home.text, 'red', 'open').n, openRed - 1)
  t.same(cell(home.text, 'red', 'under_review'), { n: 1, href: '/register?severity=red&status=under_review' })
})
