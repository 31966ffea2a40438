// npm run lint, second half: the layout's boundaries (.dependency-cruiser.cjs), checked through
// dependency-cruiser's API. Its command line refuses Node 20 (it follows Node's release cycle and
// asks for 22 or later); the API it wraps runs on 20 as it is. On Node 22 `npx depcruise src schema
// scripts test --config .dependency-cruiser.cjs` gives the same answer.
import { createRequire } from 'node:module'
import { cruise, type IConfiguration } from 'dependency-cruiser'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'

const require = createRequire(import.meta.url)
const config = require('../.dependency-cruiser.cjs') as IConfiguration
const root = new URL('..', import.meta.url).pathname
process.chdir(root)

const result = await cruise(['src', 'schema', 'scripts', 'test'], {
  ...config.options,
  ruleSet: { forbidden: config.forbidden },
  validate: true,
  outputType: 'err',
}, {}, { tsConfig: extractTSConfig('tsconfig.json') })
process.stdout.write(String(result.output))
process.exitCode = result.exitCode === 0 ? 0 : 1
