// Filing (CONSOLE.md, `/providers/{id}/returns/new`): a provider's finance team downloads the
// spreadsheet template, fills it in where they work, and uploads it (or the return as JSON); or
// reads its accounts from the iXBRL it filed at Companies House first, sees what was read, and
// downloads the template with those figures in it to fill in the rest. An upload is filed (or
// amends the latest version) by the API's own commands, so it meets the same contract, checks,
// assessment and audit as POST /v1/providers/{id}/returns; every problem is listed in the error
// summary naming its cell (`Facilities!E3`) or its place in the JSON. The receipt and the
// assessment are then the return's own page.
//
// Why the iXBRL reading goes into a template rather than into the upload: the finance team sees
// every figure where it will be filed (and may correct one), and the workbook they upload is the
// whole return, as any other upload is; nothing is merged behind their back. The reading (period,
// figures, the document's hash the return cites) waits in the session until they download it.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { amendReturn, assertMayFile, fileReturn } from '../commands/file-return.js'
import { noIdempotency } from '../commands/deps.js'
import { getProvider } from '../commands/providers.js'
import { getReturn, listReturns } from '../commands/returns.js'
import { assessmentOfReturn, stability } from '../commands/assessments.js'
import { readIxbrlAccounts } from '../commands/ixbrl.js'
import { returnTemplateFile, returnTemplateFromAccounts, type AccountsReading, type WorkbookFile } from '../commands/return-template.js'
import { mayDo } from '../domain/access.js'
import type { Rating } from '../domain/rating.js'
import { Problem, type FieldProblem } from '../problems.js'
import { RETURN_FIELDS, XLSX_MEDIA_TYPE, type CellOf } from '../spreadsheet/index.js'
import { readReturnUpload } from './return-upload.js'
import { acceptUploads, fileOf, sizeText } from './uploads.js'
import { RATINGS, SEVERITIES, valueText } from './words.js'

declare module '@fastify/secure-session' {
  interface SessionData {
    /** Accounts read from a group's iXBRL, until the template filled with them is downloaded. */
    accountsReading: AccountsReading & { providerId: string }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** As the API takes iXBRL documents (POST /v1/providers/{id}/accounts/ixbrl). */
export const IXBRL_UPLOAD_LIMIT = 20 * 1024 * 1024
/** The problems the error summary lists; the rest are counted. */
export const PROBLEMS_SHOWN = 20

const groupParams = { type: 'object', properties: { id: { type: 'string', pattern: UUID.source } }, required: ['id'] }
const returnParams = { type: 'object', properties: { id: { type: 'string', pattern: UUID.source }, returnId: { type: 'string', pattern: UUID.source } }, required: ['id', 'returnId'] }

type GroupRequest = FastifyRequest<{ Params: { id: string } }>
type ReturnRequest = FastifyRequest<{ Params: { id: string; returnId: string } }>

/** One line of the error summary: where (cell, or place in the JSON) and what. */
export interface UploadError { text: string; href: string }

const pounds = (v: number) => `${v < 0 ? '−' : ''}£${Math.abs(v).toLocaleString('en-GB')}`

const ACCOUNTS_FIELDS = new Map(RETURN_FIELDS.filter((f) => f.path[0] === 'accounts').map((f) => [f.path[1], f]))

/** A problem as the error summary says it: the cell first when it came from a workbook. */
function problemText(p: FieldProblem, cellOf?: CellOf) {
  const cell = p.cell ?? (cellOf && p.pointer ? cellOf(p.pointer) : undefined)
  if (cell) {
    const field = p.pointer.split('/').pop()
    return `${cell}${field && !/^\d+$/.test(field) ? ` (${field})` : ''}: ${p.detail}`
  }
  return p.pointer ? `${p.pointer}: ${p.detail}` : p.detail
}

/** The problems of an upload as the error summary lists them, the first few and how many more. */
function uploadErrors(problems: FieldProblem[], field: string, opts: { cellOf?: CellOf; more?: number; stopped?: boolean } = {}) {
  const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => ({ text: problemText(p, opts.cellOf), href: `#${field}` }))
  const more = problems.length - shown.length + (opts.more ?? 0)
  return { errors: shown, more, moreText: more ? `${opts.stopped ? 'More than ' : ''}${more.toLocaleString('en-GB')} more problem${more === 1 ? '' : 's'} not listed: correct these and upload the file again to see them` : undefined }
}

const filing: FastifyPluginAsync = async (app) => {
  const parseJson = (() => {
    const parse = app.getDefaultJsonParser('error', 'error')
    return (text: string) => {
      let out: { err?: Error | null; value?: unknown } = {}
      parse({} as FastifyRequest, text, (err: Error | null, value?: unknown) => { out = { err, value } })
      if (out.err) throw out.err
      return out.value
    }
  })()

  /** The group's in-force return of its latest period, if any (what an amendment starts from). */
  async function latestOf(req: FastifyRequest, providerId: string) {
    const versions = (await listReturns(app.deps(), req.actor, providerId, { limit: 50 })).items
    return versions.filter((v) => v.supersededBy === null).sort((a, b) => b.periodEnd.localeCompare(a.periodEnd))[0]
  }

  /** The filing page (or the amendment page), with the problems of the last upload. */
  async function filingPage(req: GroupRequest | ReturnRequest, reply: FastifyReply, status = 200, form: {
    errors?: UploadError[]; more?: number; moreText?: string; field?: 'return' | 'accounts'
  } = {}) {
    const id = req.params.id.toLowerCase()
    const group = await getProvider(app.deps(), req.actor, id)
    const amending = 'returnId' in req.params ? await getReturn(app.deps(), req.actor, req.params.returnId) : undefined
    if (amending && amending.providerId !== id) throw new Problem('not-found', 'No such return')
    const latest = await latestOf(req, id)
    const errors = form.errors ?? []
    const total = errors.length + (form.more ?? 0)
    return reply.code(status).view('pages/return-new.njk', {
      group, latest, amending, errors, moreText: form.moreText,
      errorFor: errors.length ? { [form.field ?? 'return']: { text: total === 1 ? errors[0].text : `${total.toLocaleString('en-GB')} problems with the file: see the list above` } } : {},
      returnLimit: sizeText(app.config.bodyLimit),
      ixbrlLimit: sizeText(IXBRL_UPLOAD_LIMIT),
      action: amending ? `/providers/${id}/returns/${amending.id}/amendments` : `/providers/${id}/returns`,
    })
  }

  /** Reads the uploaded return and files it with `file`; the page to show when it cannot. */
  async function upload(req: GroupRequest | ReturnRequest, reply: FastifyReply, file: (body: Parameters<typeof fileReturn>[3]) => Promise<{ body: { id: string; version: number } }>) {
    const upload = fileOf(req.body, 'return')
    if (!upload) return filingPage(req, reply, 400, { errors: [{ text: 'Select the file of your return', href: '#return' }] })
    if (upload.tooLarge) return filingPage(req, reply, 413, { errors: [{ text: `The file must be smaller than ${sizeText(app.config.bodyLimit)}`, href: '#return' }] })
    const read = readReturnUpload(upload, parseJson)
    if (!read.ok) return filingPage(req, reply, 422, uploadErrors(read.problems, 'return', { stopped: read.stopped }))
    try {
      const filed = await file(read.body)
      req.session.set('notice', filed.body.version === 1 ? 'Your return has been filed.' : `Version ${filed.body.version} of your return has been filed.`)
      return reply.redirect(`/providers/${req.params.id.toLowerCase()}/returns/${filed.body.id}`, 303)
    } catch (err) {
      if (!(err instanceof Problem)) throw err
      if (err.slug === 'validation-failed') {
        const listed = (err.extensions.errors ?? []) as FieldProblem[]
        return filingPage(req, reply, 422, uploadErrors(listed, 'return', { cellOf: read.cellOf, more: Number(err.extensions.moreErrors ?? 0) }))
      }
      if (err.slug === 'conflict') {
        // the period's return is already filed (or this version superseded): on to amending the latest
        const latestId = (err.extensions.returnId ?? err.extensions.latestReturnId) as string | undefined
        const href = latestId ? `/providers/${req.params.id.toLowerCase()}/returns/${latestId}/amend` : '#return'
        return filingPage(req, reply, 409, { errors: [{ text: err.message, href }] })
      }
      throw err
    }
  }

  app.get<{ Params: { id: string } }>('/providers/:id/returns/new', { onRequest: app.signedIn('fileReturn'), schema: { params: groupParams } }, async (req, reply) => {
    assertMayFile(req.actor, req.params.id.toLowerCase())
    return filingPage(req, reply)
  })

  app.get<{ Params: { id: string; returnId: string } }>('/providers/:id/returns/:returnId/amend', { onRequest: app.signedIn('amendReturn'), schema: { params: returnParams } }, async (req, reply) =>
    filingPage(req, reply))

  // The uploads of a return: up to the API's body limit.
  await app.register(async (returns) => {
    await acceptUploads(returns, app.config.bodyLimit)

    returns.post<{ Params: { id: string } }>('/providers/:id/returns', { onRequest: app.signedIn('fileReturn'), schema: { params: groupParams } }, async (req, reply) => {
      const id = req.params.id.toLowerCase()
      assertMayFile(req.actor, id)
      return upload(req, reply, (body) => fileReturn(app.deps(), req.actor, id, body, noIdempotency))
    })

    returns.post<{ Params: { id: string; returnId: string } }>('/providers/:id/returns/:returnId/amendments', { onRequest: app.signedIn('amendReturn'), schema: { params: returnParams } }, async (req, reply) => {
      const previous = await getReturn(app.deps(), req.actor, req.params.returnId)
      if (previous.providerId !== req.params.id.toLowerCase()) throw new Problem('not-found', 'No such return')
      return upload(req, reply, (body) => amendReturn(app.deps(), req.actor, previous.id, body, noIdempotency))
    })
  })

  // The iXBRL accounts: up to the API's limit for them.
  await app.register(async (accounts) => {
    await acceptUploads(accounts, IXBRL_UPLOAD_LIMIT)

    accounts.post<{ Params: { id: string } }>('/providers/:id/returns/accounts', { onRequest: app.signedIn('readIxbrl'), schema: { params: groupParams } }, async (req, reply) => {
      const id = req.params.id.toLowerCase()
      const document = fileOf(req.body, 'accounts')
      if (!document) return filingPage(req, reply, 400, { field: 'accounts', errors: [{ text: 'Select the iXBRL file of your accounts', href: '#accounts' }] })
      if (document.tooLarge) return filingPage(req, reply, 413, { field: 'accounts', errors: [{ text: `The file must be smaller than ${sizeText(IXBRL_UPLOAD_LIMIT)}`, href: '#accounts' }] })
      let reading
      try {
        reading = await readIxbrlAccounts(app.deps(), req.actor, id, document.bytes.toString('utf8'))
      } catch (err) {
        if (!(err instanceof Problem) || err.slug !== 'validation-failed') throw err
        const details = ((err.extensions.errors ?? []) as FieldProblem[]).map((p) => ({ pointer: '', detail: p.detail }))
        return filingPage(req, reply, 422, { field: 'accounts', ...uploadErrors([{ pointer: '', detail: err.message }, ...details], 'accounts') })
      }
      req.session.set('accountsReading', {
        providerId: id, ixbrlSha256: reading.ixbrlSha256, periodStart: reading.periodStart, periodEnd: reading.periodEnd,
        accounts: reading.accounts as Record<string, number>,
      })
      const group = await getProvider(app.deps(), req.actor, id)
      const factOf = new Map(reading.facts.map((f) => [f.field, f]))
      return reply.view('pages/return-accounts.njk', {
        group, reading, hasLatest: Boolean(await latestOf(req, id)),
        figures: Object.entries(reading.accounts).map(([field, value]) => {
          const fact = factOf.get(field as never)
          return {
            field, amount: pounds(value), description: ACCOUNTS_FIELDS.get(field)?.description,
            source: !fact ? '' : fact.concept ? `${fact.concept} (context ${fact.contextRef}, ${fact.scope === 'group' ? 'consolidated' : 'the company’s own'})` : `Worked out from ${[...new Set(fact.derivedFrom ?? [])].join(', ')}${fact.note ? `: ${fact.note}` : ''}`,
          }
        }),
        missing: reading.missing.map((field) => ({ field, description: ACCOUNTS_FIELDS.get(field)?.description, reason: reading.missingReasons[field] ?? 'The document has no figure for it' })),
      })
    })
  })

  const sendWorkbook = (reply: FastifyReply, file: WorkbookFile) =>
    reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${file.filename}"`).header('cache-control', 'no-store').send(file.bytes)

  // The template, from the console (the browser has no token for /v1/returns/template.xlsx).
  app.get('/returns/template.xlsx', { onRequest: app.signedIn('readReturnTemplate') }, async (req, reply) =>
    sendWorkbook(reply, await returnTemplateFile(app.deps(), req.actor)))

  /** A group's template: filled with its latest return when it has one, or with the accounts just read. */
  app.get<{ Params: { id: string } }>('/providers/:id/returns/template.xlsx', { onRequest: app.signedIn('readReturnTemplate'), schema: { params: groupParams } }, async (req, reply) => {
    const id = req.params.id.toLowerCase()
    if ((req.query as Record<string, unknown>).from === 'accounts') {
      const reading = req.session.get('accountsReading')
      if (reading?.providerId === id) {
        const { providerId: _p, ...accounts } = reading
        return sendWorkbook(reply, await returnTemplateFromAccounts(app.deps(), req.actor, id, accounts))
      }
    }
    try {
      return sendWorkbook(reply, await returnTemplateFile(app.deps(), req.actor, id))
    } catch (err) {
      // No return yet (or one the workbook cannot hold): the empty template, once the group is known to exist.
      if (!(err instanceof Problem) || (err.status !== 404 && err.status !== 409)) throw err
      await getProvider(app.deps(), req.actor, id)
      return sendWorkbook(reply, await returnTemplateFile(app.deps(), req.actor))
    }
  })

  // A version of a return: its receipt and its assessment.
  app.get<{ Params: { id: string; returnId: string } }>('/providers/:id/returns/:returnId', { onRequest: app.signedIn('readReturns'), schema: { params: returnParams } }, async (req, reply) => {
    const id = req.params.id.toLowerCase()
    const filed = await getReturn(app.deps(), req.actor, req.params.returnId)
    if (filed.providerId !== id) throw new Problem('not-found', 'No such return')
    const [group, assessment, standing] = await Promise.all([
      getProvider(app.deps(), req.actor, id),
      assessmentOfReturn(app.deps(), req.actor, filed.id),
      stability(app.deps(), req.actor, id),
    ])
    const notice = req.session.get('notice')
    if (notice) req.session.set('notice', undefined)
    const flags = [...assessment.flags].sort((a, b) => (a.severity === b.severity ? a.ruleId.localeCompare(b.ruleId) : a.severity === 'red' ? -1 : 1))
    return reply.view('pages/return.njk', {
      group, filed, assessment, notice,
      ratingTag: RATINGS[standing.rating as Rating],
      flags: flags.map((f) => ({ ...f, severityTag: SEVERITIES[f.severity as 'red' | 'amber'] ?? { text: valueText(f.severity), classes: 'govuk-tag--grey' } })),
      mayAmend: filed.supersededBy === null && mayDo(req.actor, 'amendReturn'),
    })
  })
}
export default filing
