import fp from 'fastify-plugin'
import { openDatabase, type Database, type OpenedDatabase } from '../db/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
    dbDriver: OpenedDatabase['driver']
    dbPing: OpenedDatabase['ping']
  }
}

export default fp<{ databaseUrl?: string; dataDir: string; opened?: OpenedDatabase }>(async (app, opts) => {
  const opened = opts.opened ?? await openDatabase(opts)
  app.decorate('db', opened.db)
  app.decorate('dbDriver', opened.driver)
  app.decorate('dbPing', opened.ping)
  app.addHook('onClose', async () => { await opened.close() })
}, { name: 'db' })
