// A requirement (CONSOLE.md, `/requirements/{id}`): what the regulator asked of a group (a risk
// mitigation plan, an independent business review, information), by when, and the group's
// responses; the group answers it here through the API's own command (POST
// /v1/requirements/{id}/responses), so the answer is checked and audited exactly as the API's.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { answerRequirement, getRequirement } from '../commands/requirements.js'
import { getProvider } from '../commands/providers.js'
import { mayDo } from '../domain/access.js'
import { isKeepableText } from '../domain/text.js'
import { Problem } from '../problems.js'
import { fieldOf, type FieldError } from './form-fields.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const REFERENCE_MAX = 500
const TEXT_MAX = 20_000

/** What each kind of requirement is called. */
export const REQUIREMENT_KINDS: Record<string, string> = {
  risk_mitigation_plan: 'Risk mitigation plan',
  independent_business_review: 'Independent business review',
  information: 'Information request',
}

/** A requirement's state as a tag: overdue first (it says the most), then answered or open. */
export const requirementTag = (r: { status: string; overdue: boolean }) =>
  r.overdue ? { text: 'Overdue', classes: 'govuk-tag--red' } : r.status === 'answered' ? { text: 'Answered', classes: 'govuk-tag--green' } : { text: 'Awaiting a response', classes: 'govuk-tag--blue' }

const route = { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: UUID.source } }, required: ['id'] } } }

const requirements: FastifyPluginAsync = async (app) => {
  async function requirementPage(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, status = 200, form: { errors?: FieldError[]; values?: Record<string, string> } = {}) {
    const requirement = await getRequirement(app.deps(), req.actor, req.params.id.toLowerCase())
    const group = await getProvider(app.deps(), req.actor, requirement.providerId)
    const notice = req.session.get('notice')
    if (notice) req.session.set('notice', undefined)
    return reply.code(status).view('pages/requirement.njk', {
      requirement, group, notice,
      kind: REQUIREMENT_KINDS[requirement.kind] ?? requirement.kind,
      tag: requirementTag(requirement),
      mayAnswer: requirement.status === 'open' && mayDo(req.actor, 'answerRequirement'),
      errors: form.errors ?? [],
      errorFor: Object.fromEntries((form.errors ?? []).map((e) => [e.field, { text: e.text }])),
      values: form.values ?? {},
    })
  }

  app.get<{ Params: { id: string } }>('/requirements/:id', { ...route, onRequest: app.signedIn('readRequirements') }, async (req, reply) => requirementPage(req, reply))

  app.post<{ Params: { id: string } }>('/requirements/:id/responses', { ...route, onRequest: app.signedIn('answerRequirement') }, async (req, reply) => {
    const field = fieldOf(req.body)
    const documentReference = field('documentReference').trim()
    const text = field('text').trim()
    const values = { documentReference: field('documentReference'), text: field('text') }
    const errors: FieldError[] = []
    if (!documentReference) errors.push({ field: 'documentReference', text: 'Enter the reference of the document you have sent' })
    else if (documentReference.length > REFERENCE_MAX) errors.push({ field: 'documentReference', text: `The reference must be ${REFERENCE_MAX} characters or fewer` })
    else if (!isKeepableText(documentReference)) errors.push({ field: 'documentReference', text: 'The reference contains a character that cannot be kept' })
    if (!text) errors.push({ field: 'text', text: 'Enter your response' })
    else if (text.length > TEXT_MAX) errors.push({ field: 'text', text: `Your response must be ${TEXT_MAX.toLocaleString('en-GB')} characters or fewer` })
    else if (!isKeepableText(text)) errors.push({ field: 'text', text: 'Your response contains a character that cannot be kept' })
    if (errors.length) return requirementPage(req, reply, 400, { errors, values })
    try {
      await answerRequirement(app.deps(), req.actor, req.params.id.toLowerCase(), { documentReference, text })
    } catch (err) {
      // Answered meanwhile (another tab, a colleague): the page shows the answer that was kept.
      if (err instanceof Problem && err.slug === 'conflict') return requirementPage(req, reply, 409, { values, errors: [{ field: 'text', text: 'This requirement has already been answered: your response was not sent' }] })
      throw err
    }
    req.session.set('notice', 'Your response has been sent to the regulator.')
    return reply.redirect(`/requirements/${req.params.id.toLowerCase()}`, 303)
  })
}
export default requirements
