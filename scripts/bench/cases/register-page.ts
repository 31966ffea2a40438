// The console's register page beside the API call whose page it shows: GET /register (signed in
// as the regulator through the development identity provider, by the real OIDC flow) and
// GET /v1/flags?limit=50 (the regulator's bearer token) over the same register of 100,000 flags.
// Both run the same command for the same first page; what the ratio measures is the page's own
// work on top: the session cookie's decryption, the rules in force for the filter, and rendering
// fifty rows through Nunjucks and the GOV.UK templates.
// One connection: the goal is the wait of a person opening the page, not the server's ceiling
// (under sixteen connections a p50 is the queue, so it measures throughput, which the other HTTP
// cases do); each request waits for the one before, as a person's next page does.
import { atMost, benchCase } from '../case.js'
import { registerMarket } from '../fixtures.js'
import { alternate, bearer, describeLoad, roundsOf } from '../harness.js'
import { Visitor } from '../../console-visitor.js'

const PAGE = 50

export default benchCase({
  name: 'register page',
  aliases: ['register'],
  http: true,
  measures: 'GET /register, the console\'s first page of the risk register (50 flags, red first), signed in as the regulator; 10,000 groups and 100,000 flags in the database, one connection: p50',
  baseline: 'GET /v1/flags?limit=50, the same page from the API with the regulator\'s bearer token, same server, one connection',
  goals: [atMost(1.5, 'GET /v1/flags p50', 'p50')],
  uses: [registerMarket],
  async run({ keys, use, log }) {
    const { url, flags } = await use(registerMarket)
    const regulator = new Visitor(url)
    const home = await regulator.signIn('regulator')
    if (home.status !== 200) throw new Error(`signing in as the regulator ended on ${home.status} ${home.url.href}`)
    const page = await regulator.request('/register')
    if (page.status !== 200) throw new Error(`/register answered ${page.status}`)
    const rows = page.text.match(/<tr class="govuk-table__row/g)?.length ?? 0
    if (rows < PAGE) throw new Error(`/register showed ${rows} rows, expected the first ${PAGE} of ${flags} flags`)
    const api = await bearer(keys, { role: 'regulator', sub: 'bench-regulator' })
    const [flagsCall, registerPage] = await alternate(
      { url, headers: api, requests: [{ path: `/v1/flags?limit=${PAGE}` }], connections: 1 },
      { url, headers: { cookie: regulator.cookieHeader(new URL(url)), accept: 'text/html' }, requests: [{ path: '/register' }], connections: 1 },
    )
    log(`GET /v1/flags: ${describeLoad(flagsCall)}`)
    log(`GET /register: ${describeLoad(registerPage)}`)
    for (const [name, r] of [['GET /v1/flags', flagsCall], ['GET /register', registerPage]] as const) {
      if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx responses (${JSON.stringify(r.statuses)}), ${r.errors} errors`)
    }
    return [{
      metric: 'p50', value: { amount: registerPage.p50, unit: 'ms' }, baseline: { amount: flagsCall.p50, unit: 'ms' },
      rounds: roundsOf(flagsCall, registerPage, (r) => r.p50),
      note: `throughput ${registerPage.rps.toFixed(0)} vs ${flagsCall.rps.toFixed(0)} req/s; CPU in the server per request ${registerPage.cpuMs.toFixed(2)} vs ${flagsCall.cpuMs.toFixed(2)} ms`,
    }]
  },
})
