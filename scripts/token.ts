// npm run token -- --role regulator|provider|council [--provider-id UUID] [--la-code E09000007] [--sub NAME] [--ttl SECONDS]
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config.js'
import { ensureDevKeys, signDevToken } from '../src/dev-keys.js'

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'regulator' },
    'provider-id': { type: 'string' },
    'la-code': { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '3600' },
  },
})
const role = values.role!
if (!['regulator', 'provider', 'council'].includes(role)) {
  console.error('--role must be regulator, provider or council'); process.exit(2)
}
if (role === 'provider' && !values['provider-id']) { console.error('--provider-id is required for a provider token'); process.exit(2) }
if (role === 'council' && !values['la-code']) { console.error('--la-code is required for a council token'); process.exit(2) }
const config = loadConfig()
await ensureDevKeys()
const token = await signDevToken({
  role, sub: values.sub ?? `dev-${role}`,
  ...(values['provider-id'] ? { providerId: values['provider-id'] } : {}),
  ...(values['la-code'] ? { laCode: values['la-code'] } : {}),
}, { issuer: config.jwtIssuer, audience: config.jwtAudience, ttlSeconds: Number(values.ttl) })
console.log(token)
