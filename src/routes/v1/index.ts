import type { FastifyPluginAsync } from 'fastify'
import councils from './councils.js'
import providers from './providers.js'
import audit from './audit.js'
import returns from './returns.js'
import rules from './rules.js'
import assessments from './assessments.js'
import flags from './flags.js'
import market from './market.js'
import ownership from './ownership.js'
import ixbrl from './ixbrl.js'
import requirements from './requirements.js'
import notices from './notices.js'
import oversight from './oversight.js'
import impact from './impact.js'
import webhooks from './webhooks.js'
import reference from './reference.js'

const v1: FastifyPluginAsync = async (app) => {
  await app.register(councils)
  await app.register(providers)
  await app.register(audit)
  await app.register(returns)
  await app.register(rules)
  await app.register(assessments)
  await app.register(flags)
  await app.register(market)
  await app.register(ownership)
  await app.register(ixbrl)
  await app.register(requirements)
  await app.register(notices)
  await app.register(oversight)
  await app.register(impact)
  await app.register(webhooks)
  await app.register(reference)
}
export default v1
