import type { FastifyPluginAsync } from 'fastify'
import councils from './councils.js'
import providers from './providers.js'
import audit from './audit.js'
import returns from './returns.js'

const v1: FastifyPluginAsync = async (app) => {
  await app.register(councils)
  await app.register(providers)
  await app.register(audit)
  await app.register(returns)
}
export default v1
