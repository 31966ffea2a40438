// Reading a form's fields as sent (urlencoded, @fastify/formbody): one string each, a repeated
// field's first value, an absent one empty.

/** A field's problem, as a GOV.UK error summary links it: `field` is the input's id. */
export interface FieldError { field: string; text: string }

export const fieldOf = (body: unknown) => (name: string): string => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : ''
}
