// Classifying driver errors without leaking them: the caller decides the HTTP status.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300',
])

function* causes(err: unknown): Generator<Record<string, unknown>> {
  let e = err as Record<string, unknown> | undefined
  for (let i = 0; e && typeof e === 'object' && i < 8; i++) {
    yield e
    e = e.cause as Record<string, unknown> | undefined
  }
}

/** The database cannot be reached (down, restarting, out of connections). */
export function isUnavailable(err: unknown): boolean {
  for (const e of causes(err)) {
    if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true
    if (typeof e.errno === 'string' && CONNECTION_CODES.has(e.errno)) return true
  }
  return false
}

/** The SQLSTATE of the first Postgres error in the cause chain. */
export function sqlState(err: unknown): string | undefined {
  for (const e of causes(err)) if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code
  return undefined
}

export const isUniqueViolation = (err: unknown) => sqlState(err) === '23505'
export const isSerializationFailure = (err: unknown) => ['40001', '40P01'].includes(sqlState(err) ?? '')
