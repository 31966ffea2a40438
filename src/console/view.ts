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
/** How many rendered parts are kept (one per menu: roles × sections × councils and groups; one per register filter). */
const PARTS_KEPT = 2000

// UK time is always a whole number of hours from UTC, so a UTC hour has one UK date: kept per hour,
// as a page of fifty flags often shows the same few days (Intl's format is not cheap).
const dates = new Map<number, string>()

/** A GOV.UK style date, UK time: 4 June 2026. */
export function govukDate(iso: string | Date | null | undefined): string {
  if (!iso) return ''
  const at = new Date(iso)
  const hour = Math.floor(at.getTime() / 3_600_000)
  if (Number.isNaN(hour)) return dateFormat.format(at)
  let text = dates.get(hour)
  if (text === undefined) {
    if (dates.size >= 10_000) dates.clear()
    dates.set(hour, text = dateFormat.format(at))
  }
  return text
}

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
        env.addFilter('govukDate', govukDate)
        // 4 June 2026 at 2:05pm, UK time.
        env.addFilter('govukDateTime', (iso: string | Date | null | undefined) => {
          if (!iso) return ''
          const at = new Date(iso)
          return `${dateFormat.format(at)} at ${timeFormat.format(at).replace(' ', '').toLowerCase()}`
        })
        // A part of a page that many requests draw alike (partials/<name>.njk for the same values:
        // the header for one menu, the footer, the register's filter form for one filter), rendered
        // once for its values and kept: the frame alone costs more to draw than a page's content.
        const kept = new Map<string, nunjucks.runtime.SafeString>()
        env.addGlobal('kept', (name: string, values: Record<string, unknown> = {}) => {
          const key = `${name} ${JSON.stringify(values)}`
          let html = kept.get(key)
          if (!html) {
            if (kept.size >= PARTS_KEPT) kept.delete(kept.keys().next().value!)
            html = new nunjucks.runtime.SafeString(env.render(`partials/${name}.njk`, { serviceName: SERVICE_NAME, ...values }).trim())
            kept.set(key, html)
          }
          return html
        })
        // A form's problems as a GOV.UK error summary lists them, each linked to its field.
        env.addFilter('errorList', (errors: Array<{ field: string; text: string }>) => errors.map((e) => ({ text: e.text, href: `#${e.field}` })))
      },
    },
    defaultContext: { serviceName: SERVICE_NAME, assetPath: '/assets' },
  })
}, { name: 'console-view' })
