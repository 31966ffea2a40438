// The risk register (CONSOLE.md): the list, filtered, red first; one flag with its evidence and
// history, the form that moves it through review and the form that adds a note. Every read and
// every change is the API's own command (src/commands/flags.ts): the regulator sees and does here
// exactly what GET /v1/flags and POST /v1/flags/{id}/transitions allow, and each change lands in
// the audit log as the person signed in.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { addFlagNote, getFlag, listFlags, transitionFlag, type FlagFilters } from '../commands/flags.js'
import { RULE_IDS } from '../domain/ruleset.js'
import { TRANSITIONS, type FlagStatus, type TransitionTarget } from '../domain/register.js'
import type { Rating } from '../domain/rating.js'
import { Problem } from '../problems.js'
import type { FlagDetailView, FlagSummaryView } from '../views/flags.js'
import nunjucks from 'nunjucks'
import { fieldOf, type FieldError } from './form-fields.js'
import { escapeXml } from './pictures/svg.js'
import { govukDate } from './view.js'
import { evidenceParts, MOVES, RATINGS, SEVERITIES, STATUSES } from './words.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const PAGE_SIZE = 50
const RATIONALE_MAX = 5000
const NOTE_MAX = 10_000

const pick = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value) ? value as T : undefined

/** The filters a query asks for; a value the register does not have is no filter at all. */
export function filtersOf(query: Record<string, unknown>): FlagFilters & { cursor?: string } {
  const ruleId = typeof query.ruleId === 'string' && /^[A-Z0-9-]{1,50}$/.test(query.ruleId) ? query.ruleId : undefined
  const providerId = typeof query.providerId === 'string' && UUID.test(query.providerId) ? query.providerId.toLowerCase() : undefined
  const cursor = typeof query.cursor === 'string' && query.cursor.length <= 500 && query.cursor.length > 0 ? query.cursor : undefined
  return {
    severity: pick(query.severity, ['red', 'amber'] as const),
    status: pick(query.status, Object.keys(STATUSES) as FlagStatus[]),
    rating: pick(query.rating, Object.keys(RATINGS) as Rating[]),
    ruleId, providerId, cursor,
  }
}

/** The register's address with these filters (and a page's cursor). */
export function registerHref(f: FlagFilters & { cursor?: string }) {
  const q = new URLSearchParams()
  for (const key of ['severity', 'status', 'ruleId', 'rating', 'providerId', 'cursor'] as const) if (f[key]) q.set(key, f[key]!)
  const s = q.toString()
  return s ? `/register?${s}` : '/register'
}

const FILTER_OPTIONS = {
  severity: Object.entries(SEVERITIES).map(([value, tag]) => ({ value, text: tag.text })),
  status: Object.entries(STATUSES).map(([value, tag]) => ({ value, text: tag.text })),
  rating: Object.entries(RATINGS).map(([value, tag]) => ({ value, text: tag.text })),
  // Every rule the engine knows, not only those in force: flags raised under an earlier ruleset stay.
  ruleId: RULE_IDS.map((id) => ({ value: id, text: id })),
}

/**
 * The register's rows: GOV.UK table rows with their tags, every value escaped. Written here, not
 * in register.njk, because fifty turns of a Nunjucks loop (eight loop variables set per turn, a
 * lookup and an escape per value) cost a tenth of the page's time (the `register page` bench).
 * `data-sort-value` is what MoJ's sortable table sorts a column by.
 */
export function flagRows(flags: FlagSummaryView[]) {
  const e = escapeXml
  return new nunjucks.runtime.SafeString(flags.map((f) => {
    const severity = SEVERITIES[f.severity], status = STATUSES[f.status], rating = RATINGS[f.providerRating as Rating]
    const id = e(f.id), ruleId = e(f.ruleId), name = e(f.providerName)
    return `<tr class="govuk-table__row">
<td class="govuk-table__cell" data-sort-value="${f.severity === 'red' ? 0 : 1}"><strong class="govuk-tag ${severity.classes}">${severity.text}</strong></td>
<td class="govuk-table__cell" data-sort-value="${ruleId}"><a class="govuk-link" href="/register/${id}">${ruleId}<span class="govuk-visually-hidden"> for ${name}</span></a></td>
<td class="govuk-table__cell" data-sort-value="${name}"><a class="govuk-link" href="/providers/${e(f.providerId)}">${name}</a> <strong class="govuk-tag ${rating.classes} app-tag--small">${rating.text}</strong></td>
<td class="govuk-table__cell app-cell--explanation">${e(f.explanation)}</td>
<td class="govuk-table__cell" data-sort-value="${status.text}"><strong class="govuk-tag ${status.classes}">${status.text}</strong></td>
<td class="govuk-table__cell" data-sort-value="${e(f.raisedAt)}">${govukDate(f.raisedAt)}</td>
</tr>
`
  }).join(''))
}

const register: FastifyPluginAsync = async (app) => {
  app.get('/register', { onRequest: app.signedIn('readRegister') }, async (req, reply) => {
    const filters = filtersOf(req.query as Record<string, unknown>)
    const { cursor, ...only } = filters
    const page = await listFlags(app.deps(), req.actor, { ...filters, limit: PAGE_SIZE }).catch((err) => {
      // A cursor from another list (or edited by hand) starts the list again, not an error page.
      if (cursor && err instanceof Problem && err.status === 400) return listFlags(app.deps(), req.actor, { ...only, limit: PAGE_SIZE })
      throw err
    })
    const providerName = only.providerId ? page.items[0]?.providerName : undefined
    const remove = (key: keyof FlagFilters) => registerHref({ ...only, [key]: undefined })
    const selected = [
      only.severity && { heading: 'Severity', text: SEVERITIES[only.severity].text, href: remove('severity') },
      only.status && { heading: 'Status', text: STATUSES[only.status].text, href: remove('status') },
      only.ruleId && { heading: 'Rule', text: only.ruleId, href: remove('ruleId') },
      only.rating && { heading: 'Provider’s rating', text: RATINGS[only.rating as Rating].text, href: remove('rating') },
      only.providerId && { heading: 'Provider', text: providerName ?? 'This provider', href: remove('providerId') },
    ].filter(Boolean)
    return reply.view('pages/register.njk', {
      filters: only, selected, cursor,
      rows: flagRows(page.items),
      nextHref: page.nextCursor ? registerHref({ ...only, cursor: page.nextCursor }) : undefined,
      firstHref: cursor ? registerHref(only) : undefined,
      options: FILTER_OPTIONS,
    })
  })

  /** The flag's page; with the errors and values of a form sent back, or what changed under it. */
  async function flagPage(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, status = 200, form: {
    errors?: FieldError[]; values?: Record<string, string>; stale?: { seen: number }
  } = {}) {
    const { etag, flag } = await getFlag(app.deps(), req.actor, req.params.id)
    const notice = req.session.get('notice')
    if (notice) req.session.set('notice', undefined)
    return reply.code(status).view('pages/flag.njk', {
      flag, etag, notice,
      severityTag: SEVERITIES[flag.severity], statusTag: STATUSES[flag.status], ratingTag: RATINGS[flag.providerRating as Rating],
      evidence: evidenceParts(flag.evidence as Record<string, unknown>),
      history: historyItems(flag),
      changed: form.stale ? historyItems({ history: flag.history.slice(form.stale.seen) }) : undefined,
      moves: TRANSITIONS[flag.status].map((to) => ({ value: to, text: MOVES[to].text, hint: { text: MOVES[to].hint } })),
      seen: flag.history.length,
      errors: form.errors ?? [],
      errorFor: Object.fromEntries((form.errors ?? []).map((e) => [e.field, { text: e.text }])),
      values: form.values ?? {},
      registerHref: registerHref({ providerId: undefined }),
    })
  }

  const flagRoute = { onRequest: app.signedIn('readRegister'), schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: UUID.source } }, required: ['id'] } } }

  app.get<{ Params: { id: string } }>('/register/:id', flagRoute, async (req, reply) => flagPage(req, reply))

  app.post<{ Params: { id: string } }>('/register/:id/transitions', { ...flagRoute, onRequest: app.signedIn('workFlags') }, async (req, reply) => {
    const field = fieldOf(req.body)
    const to = pick(field('to'), Object.keys(MOVES) as TransitionTarget[])
    const rationale = field('rationale').trim()
    const values = { to: to ?? '', rationale: field('rationale') }
    const errors: FieldError[] = []
    if (!to) errors.push({ field: 'to', text: 'Select what to do with this flag' })
    if (rationale.length > RATIONALE_MAX) errors.push({ field: 'rationale', text: `The reason must be ${RATIONALE_MAX.toLocaleString('en-GB')} characters or fewer` })
    if (errors.length) return flagPage(req, reply, 400, { errors, values })
    try {
      await transitionFlag(app.deps(), req.actor, req.params.id, { to: to!, rationale: rationale || undefined }, field('etag') || undefined)
    } catch (err) {
      if (!(err instanceof Problem)) throw err
      if (err.slug === 'validation-failed') {
        return flagPage(req, reply, 400, { values, errors: [{ field: 'rationale', text: `Enter the reason for ${to === 'resolved' ? 'resolving' : 'dismissing'} the flag` }] })
      }
      // Someone else moved the flag (or noted it) since this form was drawn: say so, show what changed.
      if (err.slug === 'precondition-failed' || err.slug === 'precondition-required') {
        const seen = Number.parseInt(field('seen'), 10)
        return flagPage(req, reply, 409, { values, stale: { seen: Number.isSafeInteger(seen) && seen >= 0 ? seen : 0 } })
      }
      if (err.slug === 'conflict') return flagPage(req, reply, 409, { values, errors: [{ field: 'to', text: err.message }] })
      throw err
    }
    req.session.set('notice', MOVES[to!].done)
    return reply.redirect(`/register/${req.params.id}`, 303)
  })

  app.post<{ Params: { id: string } }>('/register/:id/notes', { ...flagRoute, onRequest: app.signedIn('workFlags') }, async (req, reply) => {
    const text = fieldOf(req.body)('note').trim()
    const values = { note: fieldOf(req.body)('note') }
    if (!text) return flagPage(req, reply, 400, { values, errors: [{ field: 'note', text: 'Enter a note' }] })
    if (text.length > NOTE_MAX) return flagPage(req, reply, 400, { values, errors: [{ field: 'note', text: `The note must be ${NOTE_MAX.toLocaleString('en-GB')} characters or fewer` }] })
    await addFlagNote(app.deps(), req.actor, req.params.id, text)
    req.session.set('notice', 'Your note has been added.')
    return reply.redirect(`/register/${req.params.id}#history`, 303)
  })
}
export default register

const KINDS: Record<FlagDetailView['history'][number]['kind'], string> = {
  raised: 'Flag raised', evidence_updated: 'Evidence updated', transition: 'Moved', note: 'Note',
}

/** The flag's history as the timeline shows it, newest first. */
function historyItems(flag: Pick<FlagDetailView, 'history'>) {
  return flag.history.map((e) => ({
    title: e.kind === 'transition' && e.toStatus ? `${STATUSES[e.fromStatus as FlagStatus]?.text ?? e.fromStatus ?? 'New'} to ${STATUSES[e.toStatus as FlagStatus]?.text ?? e.toStatus}` : KINDS[e.kind],
    by: e.actorRole === 'regulator' && e.actorSub === 'system' ? 'the service' : e.actorSub,
    at: e.at,
    text: e.text,
  })).reverse()
}
