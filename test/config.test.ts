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
