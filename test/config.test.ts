import t from 'tap'
import { availableParallelism } from 'node:os'
import { ConfigError, loadConfig } from '../src/config.js'

t.test('ASSESSOR_THREADS: the cores by default, 0 for none, a bad value stops the start', async (t) => {
  t.equal(loadConfig({}).assessorThreads, availableParallelism())
  t.equal(loadConfig({ ASSESSOR_THREADS: '0' }).assessorThreads, 0)
  t.equal(loadConfig({ ASSESSOR_THREADS: '3' }).assessorThreads, 3)
  for (const bad of ['many', '-1', '1.5']) {
    const err = (() => { try { loadConfig({ ASSESSOR_THREADS: bad }) } catch (e) { return e } })()
    t.ok(err instanceof ConfigError && /ASSESSOR_THREADS/.test(err.message), `${bad}: one line naming the variable`)
  }
})

t.test('GOV.UK Notify: unset by default (nothing emailed); a key, template id or base URL of the wrong shape stops the start', async (t) => {
  t.same(loadConfig({}).notify, { apiKey: undefined, templateId: undefined, baseUrl: undefined })
  const key = 'oversight_live-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0'
  t.same(loadConfig({ NOTIFY_API_KEY: key, NOTIFY_TEMPLATE_ID: 'f33517ff-2a88-4f6e-b855-c550268ce08a', NOTIFY_BASE_URL: 'http://127.0.0.1:6011' }).notify,
    { apiKey: key, templateId: 'f33517ff-2a88-4f6e-b855-c550268ce08a', baseUrl: 'http://127.0.0.1:6011' })
  for (const [name, bad] of [['NOTIFY_API_KEY', 'secret'], ['NOTIFY_TEMPLATE_ID', 'welcome'], ['NOTIFY_BASE_URL', 'api.notifications.service.gov.uk']]) {
    const err = (() => { try { loadConfig({ [name]: bad }) } catch (e) { return e } })()
    t.ok(err instanceof ConfigError && err.message.includes(name), `${name}=${bad}: one line naming the variable`)
  }
})

t.test('the console\'s sign-in: OIDC_ISSUER with its client, or none for the development identity provider', async (t) => {
  const none = loadConfig({})
  t.equal(none.oidc, undefined, 'none: the development identity provider')
  t.equal(none.production, false)
  const oidc = loadConfig({ OIDC_ISSUER: 'https://login.example.gov.uk/realms/oversight', OIDC_CLIENT_ID: 'console', OIDC_CLIENT_SECRET: 's3cret' })
  t.same(oidc.oidc, { issuer: 'https://login.example.gov.uk/realms/oversight', clientId: 'console', clientSecret: 's3cret' })
  t.ok(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:8080/realms/x', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }).oidc, 'plain http only on this machine')
  const refused = (env: NodeJS.ProcessEnv) => { try { loadConfig(env); return undefined } catch (e) { return e } }
  for (const [env, why] of [
    [{ OIDC_ISSUER: 'https://login.example.gov.uk' }, /OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together/],
    [{ OIDC_CLIENT_ID: 'console', OIDC_CLIENT_SECRET: 'x' }, /go together/],
    [{ OIDC_ISSUER: 'http://login.example.gov.uk', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }, /OIDC_ISSUER/],
    [{ NODE_ENV: 'production', SESSION_KEY: Buffer.alloc(32).toString('base64') }, /OIDC_ISSUER .* is required when NODE_ENV=production/],
    [{ NODE_ENV: 'production', OIDC_ISSUER: 'https://login.example.gov.uk', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }, /SESSION_KEY .* is required when NODE_ENV=production/],
    [{ SESSION_KEY: 'too-short' }, /SESSION_KEY/],
    [{ CONSOLE_URL: 'https://oversight.example.gov.uk/console' }, /CONSOLE_URL/],
  ] as Array<[NodeJS.ProcessEnv, RegExp]>) {
    const err = refused(env)
    t.ok(err instanceof ConfigError && why.test((err as Error).message), `${JSON.stringify(env)}: ${(err as Error | undefined)?.message ?? 'accepted'}`)
  }
  const key = Buffer.alloc(32, 7)
  const prod = loadConfig({ NODE_ENV: 'production', SESSION_KEY: key.toString('base64'), OIDC_ISSUER: 'https://login.example.gov.uk', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's', CONSOLE_URL: 'https://oversight.example.gov.uk/' })
  t.equal(prod.production, true)
  t.same(prod.sessionKey, key)
  t.equal(prod.consoleUrl, 'https://oversight.example.gov.uk', 'without its trailing slash')
})
