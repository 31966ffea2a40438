// The refusals Node's HTTP server makes before Fastify sees a request (headers too large, a
// malformed request line or header, a request too slow to arrive) are problems too: Node and
// Fastify would answer them with their own plain text or JSON.
import type { Socket } from 'node:net'
import type { ConnectionError, FastifyInstance } from 'fastify'
import { problemBody, type ProblemSlug } from '../problems.js'

const REFUSALS: Record<string, { slug: ProblemSlug; detail: string }> = {
  HPE_HEADER_OVERFLOW: { slug: 'request-header-fields-too-large', detail: 'The request headers are larger than the server accepts' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { slug: 'payload-too-large', detail: 'The chunk extensions of the request body are larger than the server accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { slug: 'request-timeout', detail: 'The request did not arrive in time' },
}
// Anything else the parser refuses: a bare LF or a NUL in a header, a bad request line, bad framing.
const MALFORMED = { slug: 'malformed-request' as const, detail: 'The request is not well-formed HTTP' }

/** The whole HTTP/1.1 response for a refusal: fixed text, nothing of the request echoed back. */
export function clientErrorResponse(code: string | undefined): { status: number; response: string } {
  const { slug, detail } = (code && REFUSALS[code]) || MALFORMED
  const body = problemBody(slug, detail)
  const json = JSON.stringify(body)
  const response = [
    `HTTP/1.1 ${body.status} ${body.title}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(json)}`,
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
    '', json,
  ].join('\r\n')
  return { status: body.status, response }
}

/** Fastify's `clientErrorHandler`: called with the instance as `this`. */
export function clientErrorHandler(this: FastifyInstance, err: ConnectionError, socket: Socket) {
  // A reset or an already closed socket has no one to answer (as Node's and Fastify's own handlers).
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const { status, response } = clientErrorResponse(err.code)
  // Routine noise from scanners and broken clients: not worth more than a debug line each.
  this.log.debug({ code: err.code, status }, 'client error refused')
  // As Node does: write only when no response of this connection has begun, or the bytes would
  // corrupt it (a pipelined request refused after an earlier answer started).
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (socket.writable && !inFlight?.headersSent) socket.write(response)
  socket.destroy(err)
}
