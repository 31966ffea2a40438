// RFC 9457 problem details: one stable `type` per kind of problem (listed in the README).
export const PROBLEM_BASE = 'urn:provider-oversight:problem:'

export const problemTypes = {
  'malformed-request': { status: 400, title: 'Malformed request' },
  'invalid-parameters': { status: 400, title: 'Invalid parameters' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
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

export const validationProblem = (errors: FieldProblem[], detail?: string) =>
  new Problem('validation-failed', detail ?? `${errors.length} problem${errors.length === 1 ? '' : 's'} with the request body`, { errors })

/** The most problems a refusal lists; past them it counts (`moreErrors`): a bad 30,000-row file is not 30,000 lines. */
export const LISTED_PROBLEMS_MAX = 100

/** A 422 listing the first problems and counting the rest (`count` is every problem found). */
export const listedProblems = (listed: FieldProblem[], count: number, what = 'with the request body') => {
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
