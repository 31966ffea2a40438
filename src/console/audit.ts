// The audit log (CONSOLE.md): every change, newest first, filterable by what it touched and who
// made it; GET /v1/audit's command, so the regulator's alone.
import type { FastifyPluginAsync } from 'fastify'
import { listAudit } from '../commands/audit.js'
import { Problem } from '../problems.js'
import { valueText } from './words.js'

const PAGE_SIZE = 50
const text = (value: unknown, max: number) => (typeof value === 'string' && value.trim() && value.length <= max ? value.trim() : undefined)

/** Where an entry's object is shown in the console, if it is. */
const objectHref = (type: string, id: string) =>
  type === 'flag' ? `/register/${id}` : type === 'provider' ? `/providers/${id}` : undefined

const audit: FastifyPluginAsync = async (app) => {
  app.get('/audit', { onRequest: app.signedIn('readAudit') }, async (req, reply) => {
    const q = req.query as Record<string, unknown>
    const filters = { objectType: text(q.objectType, 50), objectId: text(q.objectId, 100), actor: text(q.actor, 200) }
    const cursor = text(q.cursor, 500)
    const page = await listAudit(app.deps(), req.actor, { ...filters, cursor, limit: PAGE_SIZE }).catch((err) => {
      if (cursor && err instanceof Problem && err.status === 400) return listAudit(app.deps(), req.actor, { ...filters, limit: PAGE_SIZE })
      throw err
    })
    const href = (more: Record<string, string | undefined>) => {
      const s = new URLSearchParams()
      for (const [k, v] of Object.entries({ ...filters, ...more })) if (v) s.set(k, v)
      return s.size ? `/audit?${s}` : '/audit'
    }
    return reply.view('pages/audit.njk', {
      values: filters,
      filtered: Boolean(filters.objectType || filters.objectId || filters.actor),
      entries: page.items.map((e) => ({
        ...e, href: objectHref(e.objectType, e.objectId),
        details: Object.entries(e.summary).map(([k, v]) => `${k}: ${valueText(v)}`).join('; '),
      })),
      nextHref: page.nextCursor ? href({ cursor: page.nextCursor }) : undefined,
      firstHref: cursor ? href({}) : undefined,
    })
  })
}
export default audit
