// The view engine: Nunjucks through @fastify/view, finding the console's templates first and then
// GOV.UK Frontend's and MoJ Frontend's (`govuk/…`, `moj/…` macros), escaping every value.
import { join } from 'node:path'
import fp from 'fastify-plugin'
import fastifyView from '@fastify/view'
import nunjucks from 'nunjucks'
import { consoleDir, govukDist, mojRoot } from './frontend.js'

export const SERVICE_NAME = 'Provider oversight'

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London' })

export default fp(async (app) => {
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [join(consoleDir, 'views'), govukDist, mojRoot],
    // Templates are read once and kept: they only change with a deploy.
    production: true,
    options: {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
      onConfigure: (env: nunjucks.Environment) => {
        // GOV.UK style dates: 4 June 2026.
        env.addFilter('govukDate', (iso: string | Date | null | undefined) => iso ? dateFormat.format(new Date(iso)) : '')
        // 4 June 2026 at 2:05pm, UK time.
        env.addFilter('govukDateTime', (iso: string | Date | null | undefined) => {
          if (!iso) return ''
          const at = new Date(iso)
          return `${dateFormat.format(at)} at ${timeFormat.format(at).replace(' ', '').toLowerCase()}`
        })
        // A form's problems as a GOV.UK error summary lists them, each linked to its field.
        env.addFilter('errorList', (errors: Array<{ field: string; text: string }>) => errors.map((e) => ({ text: e.text, href: `#${e.field}` })))
      },
    },
    defaultContext: { serviceName: SERVICE_NAME, assetPath: '/assets' },
  })
}, { name: 'console-view' })
