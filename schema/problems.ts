// Problem responses as they appear in every route's OpenAPI entry.
import { Type } from 'typebox'
import { FieldProblem } from './common.js'

/** RFC 9457; extension members (e.g. `amendmentUrl`) are allowed. */
export const ProblemResponse = Type.Object({
  type: Type.String({ description: 'Stable URI of the kind of problem (listed in the README)' }),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(FieldProblem)),
  moreErrors: Type.Optional(Type.Integer({ description: 'How many more problems were found than the 100 `errors` lists' })),
}, { title: 'ProblemDetails', additionalProperties: true })

const p = (description: string) => ({ ...ProblemResponse, description })

/** The problems any authenticated route can answer with. */
export const authProblems = {
  400: p('Malformed request or invalid parameters'),
  401: p('Missing, malformed, expired or wrongly signed token'),
  403: p('The token\'s role may not do this'),
  414: p('A path parameter is longer than the router accepts'),
  429: p('Rate limit exceeded'),
  500: p('Unexpected error'),
  503: p('The database is unavailable'),
}
export const problems = {
  400: p('Malformed request or invalid parameters'),
  404: p('No such resource (or not yours)'),
  409: p('Conflicts with the current state'),
  412: p('If-Match does not match the current ETag'),
  413: p('Body too large'),
  415: p('Unsupported content type'),
  422: p('Validation failed: every bad field with its JSON pointer'),
  428: p('If-Match is required'),
}
export type ProblemStatus = keyof typeof problems

/** Problem responses for a route: the auth ones plus those listed. */
export const withProblems = (...statuses: ProblemStatus[]) => ({
  ...authProblems,
  ...Object.fromEntries(statuses.map((s) => [s, problems[s]])),
})
