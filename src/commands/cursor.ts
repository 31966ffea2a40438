// Opaque cursors: the sort key of the last row seen, base64url-encoded JSON.
import { Problem } from '../problems.js'

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export type CursorPart = 'timestamp' | 'uuid' | 'int'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

// A cursor comes back from the client: every part is checked as strictly as the key it stands for.
const valid: Record<CursorPart, (v: unknown) => boolean> = {
  timestamp: (v) => typeof v === 'string' && TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v)),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  int: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
}

export function decodeCursor(cursor: string | undefined, shape: CursorPart[]): unknown[] | undefined {
  if (cursor === undefined) return undefined
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (Array.isArray(key) && key.length === shape.length && key.every((v, i) => valid[shape[i]](v))) return key
  } catch { /* fall through */ }
  throw new Problem('invalid-parameters', 'cursor is not one this service issued', { errors: [{ pointer: '/cursor', detail: 'is not a valid cursor', in: 'querystring' }] })
}

/** Splits the extra row a query fetched (limit + 1) into the page and the next cursor. */
export function paginate<T>(rows: T[], limit: number, keyOf: (row: T) => unknown[]) {
  const items = rows.slice(0, limit)
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null
  return { items, nextCursor }
}
