// A council's pages (CONSOLE.md): who holds its children and how stable each group is, one
// group's stability in words, the notices addressed to the council (acknowledged here), and where
// its notices are sent (webhooks with their delivery logs, email addresses with theirs). Every
// read and change is the API's own command with the person's actor: a council reads and acts for
// itself only (another council's pages are the 403 page, as the API's 403), a regulator reads any
// council's and may name its email addresses, a provider none. A council never sees a figure:
// only ratings, designations, notices, open concerns in words, and its own children's numbers.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { councilProviders, stability } from '../commands/assessments.js'
import { listCouncils } from '../commands/councils.js'
import { acknowledgeNotice, noticesForCouncil } from '../commands/notices.js'
import { deactivateWebhook, listWebhooks, registerWebhook, webhookDeliveries } from '../commands/webhooks.js'
import { councilContacts, emailDeliveries, setCouncilContacts } from '../commands/contacts.js'
import type { Deps } from '../commands/deps.js'
import { urlForAudit } from '../delivery/target.js'
import { mayActForCouncil, mayDo } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import type { Rating } from '../domain/rating.js'
import { forbidden, notFound, Problem } from '../problems.js'
import type { NoticeView } from '../views/notices.js'
import { fieldOf, type FieldError } from './form-fields.js'
import { RATINGS, type Tag } from './words.js'
import { concernText, RATING_MEANINGS } from './council-words.js'

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
const LA_CODE = '^E(06|08|09|10)\\d{6}$'
const DELIVERIES_SHOWN = 20
const URL_MAX = 2000
const EMAILS_MAX = 20
const EMAIL_MAX = 320
// The API's `format: email` (ajv-formats, fast mode), so the console refuses what the API refuses.
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i

const DELIVERY_STATUSES: Record<string, Tag> = {
  pending: { text: 'Pending', classes: 'govuk-tag--blue' },
  delivered: { text: 'Delivered', classes: 'govuk-tag--green' },
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
}
const EVENTS: Record<string, string> = { 'notice.issued': 'Notice issued', 'notice.withdrawn': 'Notice withdrawn' }

type Params = { laCode: string }
const params = (more: Record<string, { type: 'string'; pattern: string }> = {}) => ({
  schema: {
    params: { type: 'object', properties: { laCode: { type: 'string', pattern: LA_CODE }, ...more }, required: ['laCode', ...Object.keys(more)] },
  },
})

/** The council's name and region (any role may read the councils); a code that names none is a 404. */
async function councilNamed(deps: Deps, actor: Actor, laCode: string) {
  const row = (await listCouncils(deps, actor)).items.find((c) => c.laCode === laCode)
  if (!row) throw notFound('council')
  return { laCode: row.laCode, name: row.name, region: row.region }
}

/** The council's own line of a notice (a regulator reads every line; this page is about one council). */
const lineOf = (n: NoticeView, laCode: string) => n.addressees.find((a) => a.laCode === laCode)

/** The notices addressed to the council still in force that it has not acknowledged. */
const awaiting = (notices: NoticeView[], laCode: string) => notices.filter((n) => n.inForce && !lineOf(n, laCode)?.acknowledgedAt)

/** What the council's home summarises: how many groups hold its children, how many notices await it. */
export async function councilSummary(deps: Deps, actor: Actor, laCode: string) {
  const [holding, notices] = await Promise.all([councilProviders(deps, actor, laCode), noticesForCouncil(deps, actor, laCode)])
  return {
    providers: holding.items.length,
    red: holding.items.filter((p) => p.rating === 'red').length,
    noticesInForce: notices.items.filter((n) => n.inForce).length,
    awaiting: awaiting(notices.items, laCode).length,
  }
}

/** The notice shown to a council: its line, whether it may still acknowledge it, and its words. */
function noticeItem(n: NoticeView, laCode: string, mayAcknowledge: boolean) {
  const line = lineOf(n, laCode)
  return {
    ...n,
    line,
    acknowledge: mayAcknowledge && n.inForce && !line?.acknowledgedAt,
    statusTag: n.inForce ? { text: 'In force', classes: 'govuk-tag--red' } : { text: 'Withdrawn', classes: 'govuk-tag--grey' },
    ackTag: line?.acknowledgedAt ? { text: 'Acknowledged', classes: 'govuk-tag--green' } : n.inForce ? { text: 'To acknowledge', classes: 'govuk-tag--yellow' } : undefined,
    councilsAcknowledged: n.unacknowledged ? n.addressees.length - n.unacknowledged.length : undefined,
  }
}

/** Each attempt's outcome in words: the receiver's answer, or why none came. */
const outcomeOf = (log: Array<{ statusCode: number | null; error: string | null }>) => {
  const last = log.at(-1)
  if (!last) return 'Not attempted yet'
  if (last.statusCode !== null) return `Answered ${last.statusCode}${last.error ? `: ${last.error}` : ''}`
  return last.error ?? 'No answer'
}

const deliveryRow = (d: { eventType: string; status: string; attempts: number; createdAt: string; deliveredAt: string | null; attemptLog: Array<{ statusCode: number | null; error: string | null }> }) => ({
  ...d, event: EVENTS[d.eventType] ?? d.eventType, statusTag: DELIVERY_STATUSES[d.status] ?? { text: d.status, classes: 'govuk-tag--grey' }, outcome: outcomeOf(d.attemptLog),
})

const cursorOf = (value: unknown) => (typeof value === 'string' && value.length > 0 && value.length <= 500 ? value : undefined)

/** A page read with a cursor from elsewhere (or edited by hand) starts the list again, not an error page. */
const restartOnBadCursor = <T>(cursor: string | undefined, read: (cursor?: string) => Promise<T>) =>
  read(cursor).catch((err) => {
    if (cursor && err instanceof Problem && err.status === 400) return read(undefined)
    throw err
  })

const councils: FastifyPluginAsync = async (app) => {
  const takeNotice = (req: FastifyRequest) => {
    const notice = req.session.get('notice')
    if (notice) req.session.set('notice', undefined)
    return notice
  }

  // Who holds the council's children.
  app.get<{ Params: Params }>('/councils/:laCode', { ...params(), onRequest: app.signedIn('readCouncilProviders') }, async (req, reply) => {
    const deps = app.deps()
    const { laCode } = req.params
    const holding = await councilProviders(deps, req.actor, laCode)
    const [council, notices] = await Promise.all([councilNamed(deps, req.actor, laCode), noticesForCouncil(deps, req.actor, laCode)])
    return reply.view('pages/council.njk', {
      council,
      own: req.actor.role === 'council',
      groups: holding.items.map((p) => ({ ...p, ratingTag: RATINGS[p.rating as Rating] })),
      children: holding.items.reduce((sum, p) => sum + p.children, 0),
      awaiting: awaiting(notices.items, laCode).length,
    })
  })

  // One group's stability, as the council may know it.
  app.get<{ Params: Params & { providerId: string } }>('/councils/:laCode/providers/:providerId', {
    ...params({ providerId: { type: 'string', pattern: UUID } }), onRequest: app.signedIn('readCouncilProviders'),
  }, async (req, reply) => {
    const deps = app.deps()
    const { laCode } = req.params
    const providerId = req.params.providerId.toLowerCase()
    const holding = await councilProviders(deps, req.actor, laCode)
    const [council, standing, notices] = await Promise.all([
      councilNamed(deps, req.actor, laCode), stability(deps, req.actor, providerId), noticesForCouncil(deps, req.actor, laCode),
    ])
    const rating = standing.rating as Rating
    return reply.view('pages/council-provider.njk', {
      council, standing,
      ratingTag: RATINGS[rating],
      ratingMeaning: RATING_MEANINGS[rating],
      concerns: standing.openFlags.map((ruleId) => ({ ruleId, text: concernText(ruleId) })),
      children: holding.items.find((p) => p.providerId === providerId)?.children,
      notices: notices.items.filter((n) => n.providerId === providerId && n.inForce).map((n) => noticeItem(n, laCode, false)),
    })
  })

  async function noticesPage(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, status = 200, errors: FieldError[] = []) {
    const deps = app.deps()
    const { laCode } = req.params
    const notices = await noticesForCouncil(deps, req.actor, laCode)
    const council = await councilNamed(deps, req.actor, laCode)
    const mayAcknowledge = mayDo(req.actor, 'acknowledgeNotice') && mayActForCouncil(req.actor, laCode)
    return reply.code(status).view('pages/council-notices.njk', {
      council, errors, notice: takeNotice(req),
      notices: notices.items.map((n) => noticeItem(n, laCode, mayAcknowledge)),
      awaiting: awaiting(notices.items, laCode).length,
      regulator: req.actor.role === 'regulator',
    })
  }

  app.get<{ Params: Params }>('/councils/:laCode/notices', { ...params(), onRequest: app.signedIn('readCouncilNotices') }, async (req, reply) => noticesPage(req, reply))

  app.post<{ Params: Params & { id: string } }>('/councils/:laCode/notices/:id/acknowledgement', {
    ...params({ id: { type: 'string', pattern: UUID } }), onRequest: app.signedIn('acknowledgeNotice'),
  }, async (req, reply) => {
    const { laCode, id } = req.params
    // The command acknowledges for the person's own council: another council's page is not theirs to act on.
    if (!mayActForCouncil(req.actor, laCode)) throw forbidden('A council acts only for its own council')
    let acknowledged: NoticeView
    try {
      acknowledged = await acknowledgeNotice(app.deps(), req.actor, id.toLowerCase())
    } catch (err) {
      if (err instanceof Problem && err.status === 409) return noticesPage(req, reply, 409, [{ field: `notice-${id.toLowerCase()}`, text: 'Your council has already acknowledged this notice' }])
      throw err
    }
    req.session.set('notice', `You have acknowledged the notice about ${acknowledged.providerName}.`)
    return reply.redirect(`/councils/${laCode}/notices#notice-${acknowledged.id}`, 303)
  })

  /** The notifications page: the email addresses and their deliveries, the webhooks; a form's errors and values. */
  async function notificationsPage(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, status = 200, form: { errors?: FieldError[]; values?: Record<string, string> } = {}) {
    const deps = app.deps()
    const { actor } = req
    const { laCode } = req.params
    const emailCursor = cursorOf((req.query as Record<string, unknown>).emails)
    const hooks = await listWebhooks(deps, actor, laCode)
    const [council, contacts, emails] = await Promise.all([
      councilNamed(deps, actor, laCode),
      councilContacts(deps, actor, laCode),
      restartOnBadCursor(emailCursor, (cursor) => emailDeliveries(deps, actor, laCode, { limit: DELIVERIES_SHOWN, cursor })),
    ])
    return reply.code(status).view('pages/council-notifications.njk', {
      council, contacts, notice: takeNotice(req),
      webhooks: hooks.items.map((w) => ({ ...w, shownUrl: urlForAudit(w.url) })),
      emailDeliveries: emails.items.map(deliveryRow),
      moreEmailsHref: emails.nextCursor ? `/councils/${laCode}/notifications?emails=${encodeURIComponent(emails.nextCursor)}#email-deliveries` : undefined,
      firstEmailsHref: emailCursor ? `/councils/${laCode}/notifications#email-deliveries` : undefined,
      mayRegister: mayDo(actor, 'registerWebhook'),
      maySetContacts: mayDo(actor, 'setCouncilContacts'),
      errors: form.errors ?? [],
      errorFor: Object.fromEntries((form.errors ?? []).map((e) => [e.field, { text: e.text }])),
      values: { emails: contacts.emails.join('\n'), ...form.values },
    })
  }

  app.get<{ Params: Params }>('/councils/:laCode/notifications', { ...params(), onRequest: app.signedIn('readWebhooks') }, async (req, reply) => notificationsPage(req, reply))

  app.post<{ Params: Params }>('/councils/:laCode/notifications/webhooks', { ...params(), onRequest: app.signedIn('registerWebhook') }, async (req, reply) => {
    const { laCode } = req.params
    const raw = fieldOf(req.body)('url')
    const url = raw.trim()
    const refuse = (text: string) => notificationsPage(req, reply, 400, { values: { url: raw }, errors: [{ field: 'url', text }] })
    if (!mayActForCouncil(req.actor, laCode)) throw forbidden('A council acts only for its own council')
    if (!url) return refuse('Enter the webhook’s address')
    if (url.length > URL_MAX) return refuse(`The address must be ${URL_MAX.toLocaleString('en-GB')} characters or fewer`)
    let hook
    try {
      hook = await registerWebhook(app.deps(), req.actor, laCode, url)
    } catch (err) {
      if (!(err instanceof Problem)) throw err
      if (err.slug === 'validation-failed') {
        const detail = (err.extensions.errors as Array<{ detail: string }> | undefined)?.[0]?.detail ?? 'is not one the service can send to'
        return refuse(`The address ${detail}`)
      }
      if (err.slug === 'conflict') return refuse('Your council already has an active webhook at this address')
      throw err
    }
    // The address is shown in full this once: a query in it may carry the receiver's secret.
    req.session.set('notice', `Webhook registered: notices will be sent to ${hook.url}`)
    return reply.redirect(`/councils/${laCode}/notifications#webhooks`, 303)
  })

  app.post<{ Params: Params & { id: string } }>('/councils/:laCode/notifications/webhooks/:id/deactivation', {
    ...params({ id: { type: 'string', pattern: UUID } }), onRequest: app.signedIn('deactivateWebhook'),
  }, async (req, reply) => {
    const { laCode, id } = req.params
    await deactivateWebhook(app.deps(), req.actor, laCode, id.toLowerCase())
    req.session.set('notice', 'The webhook is deactivated: no more notices will be sent to it.')
    return reply.redirect(`/councils/${laCode}/notifications#webhooks`, 303)
  })

  app.get<{ Params: Params & { id: string } }>('/councils/:laCode/notifications/webhooks/:id', {
    ...params({ id: { type: 'string', pattern: UUID } }), onRequest: app.signedIn('readDeliveries'),
  }, async (req, reply) => {
    const deps = app.deps()
    const { laCode } = req.params
    const id = req.params.id.toLowerCase()
    const cursor = cursorOf((req.query as Record<string, unknown>).cursor)
    const hooks = await listWebhooks(deps, req.actor, laCode)
    const hook = hooks.items.find((w) => w.id === id)
    if (!hook) throw notFound('webhook')
    const [council, page] = await Promise.all([
      councilNamed(deps, req.actor, laCode),
      restartOnBadCursor(cursor, (c) => webhookDeliveries(deps, req.actor, laCode, id, { limit: DELIVERIES_SHOWN, cursor: c })),
    ])
    return reply.view('pages/council-webhook.njk', {
      council, hook: { ...hook, shownUrl: urlForAudit(hook.url) },
      deliveries: page.items.map(deliveryRow),
      nextHref: page.nextCursor ? `/councils/${laCode}/notifications/webhooks/${id}?cursor=${encodeURIComponent(page.nextCursor)}` : undefined,
      firstHref: cursor ? `/councils/${laCode}/notifications/webhooks/${id}` : undefined,
    })
  })

  app.post<{ Params: Params }>('/councils/:laCode/notifications/contacts', { ...params(), onRequest: app.signedIn('setCouncilContacts') }, async (req, reply) => {
    const { laCode } = req.params
    const raw = fieldOf(req.body)('emails')
    const emails = raw.split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean)
    const wrong = emails.filter((e) => e.length > EMAIL_MAX || !EMAIL.test(e))
    const refuse = (text: string) => notificationsPage(req, reply, 400, { values: { emails: raw }, errors: [{ field: 'emails', text }] })
    if (!mayActForCouncil(req.actor, laCode)) throw forbidden('A council acts only for its own council')
    if (wrong.length) {
      return refuse(`Enter email addresses in the correct format, like name@example.gov.uk: ${wrong.slice(0, 3).map((e) => `“${e.slice(0, 80)}”`).join(', ')}${wrong.length > 3 ? ` and ${wrong.length - 3} more` : ''} ${wrong.length === 1 ? 'is not one' : 'are not'}`)
    }
    if (new Set(emails.map((e) => e.toLowerCase())).size > EMAILS_MAX) return refuse(`Enter ${EMAILS_MAX} email addresses or fewer`)
    const saved = await setCouncilContacts(app.deps(), req.actor, laCode, emails)
    req.session.set('notice', saved.emails.length ? `Notices will be emailed to ${saved.emails.join(', ')}.` : 'Notices will not be emailed to anyone.')
    return reply.redirect(`/councils/${laCode}/notifications#email`, 303)
  })
}
export default councils
