// What Node's HTTP server refuses before any route (oversized headers, malformed HTTP, a request
// too slow to arrive) is answered as problem+json: raw bytes on a real socket, as a client sends them.
import t, { type Test } from 'tap'
import { connect, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { build } from '../helper.js'
import type { App } from '../../src/app.js'

/** Everything the server writes back to `request` until it closes the connection. */
function exchange(port: number, request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (c) => chunks.push(c))
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(err)))
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
    socket.setTimeout(10_000, () => { socket.destroy(); reject(new Error('no answer within 10 s')) })
    socket.end(request)
  })
}

/** The status line, headers and problem of a raw HTTP/1.1 response. */
function parse(raw: string) {
  const end = raw.indexOf('\r\n\r\n')
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n')
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
  const body = raw.slice(end + 4)
  return { status: Number(statusLine.split(' ')[1]), statusLine, headers, body, problem: JSON.parse(body) as Record<string, unknown> }
}

async function listening(t: Test): Promise<{ app: App; port: number }> {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, port: (app.server.address() as AddressInfo).port }
}

const problemOf = (t: Test, raw: string, status: number, slug: string) => {
  t.ok(raw.length > 0, 'an answer before the connection closed')
  const res = parse(raw)
  t.equal(res.status, status, res.statusLine)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body), 'a complete body')
  t.equal(res.headers.connection, 'close')
  t.match(res.problem, { type: `urn:provider-oversight:problem:${slug}`, status, title: String, detail: String })
  return res
}

t.test('headers over the limit: 431 problem+json', async (t) => {
  const { port } = await listening(t)
  const raw = await exchange(port, `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`)
  const res = problemOf(t, raw, 431, 'request-header-fields-too-large')
  t.notMatch(res.body, /aaaa/, 'nothing of the request echoed')
})

t.test('a bare LF in a header: 400 problem+json', async (t) => {
  const { port } = await listening(t)
  problemOf(t, await exchange(port, 'GET /health/live HTTP/1.1\r\nHost: x\nX-Other: y\r\n\r\n'), 400, 'malformed-request')
})

t.test('a NUL in a header: 400 problem+json', async (t) => {
  const { port } = await listening(t)
  problemOf(t, await exchange(port, Buffer.from('GET /health/live HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n', 'latin1')), 400, 'malformed-request')
})

t.test('a request line that is not HTTP: 400 problem+json', async (t) => {
  const { port } = await listening(t)
  problemOf(t, await exchange(port, 'HELLO THERE\r\n\r\n'), 400, 'malformed-request')
})

t.test('a request too slow to arrive: 408 problem+json', async (t) => {
  const { app, port } = await listening(t)
  // Node notices a slow request only on its periodic connection check (every 30 s by default):
  // the timeout is raised on the server side of a real half-sent request, as that check does.
  const serverSide = new Promise<Socket>((resolve) => app.server.once('connection', resolve))
  const answer = new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (c) => chunks.push(c))
    socket.on('error', reject)
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')))
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n')
  })
  const socket = await serverSide
  app.server.emit('clientError', Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket)
  problemOf(t, await answer, 408, 'request-timeout')
})

t.test('a well-formed request on the same server is served as usual', async (t) => {
  const { port } = await listening(t)
  const res = await exchange(port, 'GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  t.match(res, /^HTTP\/1\.1 200 /)
})
