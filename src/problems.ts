// RFC 9457 problem details: one stable `type` per kind of problem (listed in the README).
import { PROBLEMS_CHECKED, PROBLEMS_LISTED } from './domain/problem-budget.js'

export const PROBLEM_BASE = 'urn:provider-oversight:problem:'

export const problemTypes = {
  'malformed-request': { status: 400, title: 'Malformed request' },
  'invalid-parameters': { status: 400, title: 'Invalid parameters' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  'request-timeout': { status: 408, title: 'Request timeout' },
  conflict: { status: 409, title: 'Conflict' },
  'idempotency-key-in-flight': { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  'precondition-failed': { status: 412, title: 'Precondition failed' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'uri-too-long': { status: 414, title: 'URI too long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'validation-failed': { status: 422, title: 'Validation failed' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused with a different request' },
  'precondition-required': { status: 428, title: 'Precondition required' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'request-header-fields-too-large': { status: 431, title: 'Request header fields too large' },
  internal: { status: 500, title: 'Internal server error' },
  'service-unavailable': { status: 503, title: 'Service unavailable' },
} as const

export type ProblemSlug = keyof typeof problemTypes

export interface FieldProblem { pointer: string; detail: string }

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  errors?: FieldProblem[]
  [extension: string]: unknown
}

/** Thrown by routes and plugins; the error handler renders it as problem+json. */
export class Problem extends Error {
  readonly status: number
  constructor(readonly slug: ProblemSlug, detail: string, readonly extensions: Record<string, unknown> = {}) {
    super(detail)
    this.status = problemTypes[slug].status
  }
}

/**
 * The members of a refusal listing field problems: `errors` lists the first PROBLEMS_LISTED and
 * `moreErrors` says how many more were found. Checking stops once more than PROBLEMS_CHECKED are
 * found (`stopped`, or a list that long), and the detail then says "more than".
 */
export function listedProblems(errors: FieldProblem[], opts: { detail?: string; stopped?: boolean; what?: string } = {}) {
  const found = errors.length
  const stopped = opts.stopped === true || found > PROBLEMS_CHECKED
  const count = stopped ? `More than ${Math.min(found, PROBLEMS_CHECKED)} problems` : `${found} problem${found === 1 ? '' : 's'}`
  const what = opts.what ?? 'the request body'
  if (found <= PROBLEMS_LISTED && !stopped) return { detail: opts.detail ?? `${count} with ${what}`, errors }
  const listed = errors.slice(0, PROBLEMS_LISTED)
  const more = found - listed.length
  const summary = `${count} with ${what}${stopped ? ' (checking stopped there)' : ''}; the first ${listed.length} are listed, moreErrors counts the other ${more} found`
  return { detail: opts.detail ? `${opts.detail}. ${summary}` : summary, errors: listed, moreErrors: more }
}

export const validationProblem = (errors: FieldProblem[], detail?: string) => {
  const { detail: said, ...members } = listedProblems(errors, { detail })
  return new Problem('validation-failed', said, members)
}

/**
 * A 422 for a reader that counts past what it keeps (the Ofsted register's rows): `listed` are the
 * first PROBLEMS_LISTED, `count` every problem found.
 */
export const countedProblem = (listed: FieldProblem[], count: number, what = 'with the request body') => {
  const more = Math.max(0, count - listed.length)
  return new Problem('validation-failed',
    `${count} problem${count === 1 ? '' : 's'} ${what}${more ? `; the first ${listed.length} are listed` : ''}`,
    { errors: listed, ...(more ? { moreErrors: more } : {}) })
}

export const notFound = (what = 'resource') => new Problem('not-found', `No such ${what}`)
export const forbidden = (detail = 'This token does not have the right to do this') => new Problem('forbidden', detail)
export const conflict = (detail: string, extensions: Record<string, unknown> = {}) => new Problem('conflict', detail, extensions)

const bySlugStatus = new Map<number, ProblemSlug>()
for (const [slug, t] of Object.entries(problemTypes)) if (!bySlugStatus.has(t.status)) bySlugStatus.set(t.status, slug as ProblemSlug)

export function slugForStatus(status: number): ProblemSlug {
  return bySlugStatus.get(status) ?? (status >= 500 ? 'internal' : 'malformed-request')
}

export function problemBody(slug: ProblemSlug, detail: string, extensions: Record<string, unknown> = {}, status?: number): ProblemBody {
  const t = problemTypes[slug]
  return { type: PROBLEM_BASE + slug, title: t.title, status: status ?? t.status, detail, ...extensions }
}
