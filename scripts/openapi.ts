// npm run openapi writes openapi/openapi.json from the routes; --check fails when it differs.
import { readFile, writeFile } from 'node:fs/promises'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

const check = process.argv.includes('--check')
const target = new URL('../openapi/openapi.json', import.meta.url)
const config = { ...loadConfig({}), databaseUrl: undefined, dataDir: 'memory://', seed: 'none' as const, logLevel: 'silent' }
// The document does not depend on keys: a key set that never verifies anything will do.
const app = await buildApp({ config, keySet: async () => { throw new Error('no keys') } })
await app.ready()
const generated = JSON.stringify(app.swagger(), null, 2) + '\n'
await app.close()

if (check) {
  const committed = await readFile(target, 'utf8').catch(() => '')
  if (committed !== generated) {
    console.error('openapi/openapi.json is out of date with the routes: run `npm run openapi` and commit it')
    process.exit(1)
  }
  console.log('openapi/openapi.json matches the routes')
} else {
  await writeFile(target, generated)
  console.log('wrote openapi/openapi.json')
}
