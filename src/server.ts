// The only place that listens. Configuration errors stop the service with one clear line.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, devJwksUrl, loadConfig, type Config } from './config.js'
import { ensureDevKeys } from './dev-keys.js'
import { seedDemoMarket } from './seed.js'

export async function start(env: NodeJS.ProcessEnv = process.env) {
  let config: Config
  try {
    config = loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`provider-oversight: ${err.message}\n`)
      process.exit(2)
    }
    throw err
  }
  if (config.jwksUrl === devJwksUrl() && await ensureDevKeys()) {
    process.stderr.write('provider-oversight: wrote dev keys to .keys/ (npm run token -- --role regulator prints a token)\n')
  }
  let app: Awaited<ReturnType<typeof buildApp>>
  try {
    app = await buildApp({ config })
  } catch (err) {
    process.stderr.write(`provider-oversight: cannot start: ${(err as Error).message}\n`)
    process.exit(1)
  }
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    await app.close()
  })
  if (config.seed === 'demo') await seedDemoMarket(app)
  const address = await app.listen({ port: config.port, host: config.host })
  if (!config.oidc) {
    const origin = address.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//localhost')
    process.stderr.write(`provider-oversight: the console is at ${origin}/ — sign in as regulator, council:<GSS code> or provider:<group id> (development identity provider)\n`)
  }
  return app
}
