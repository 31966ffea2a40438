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
