// A stand-in for GOV.UK Notify's API in development: prints each email the service hands it and
// answers as Notify does (201 with an id). Run it, then start the service pointed at it:
//   npx tsx scripts/fake-notify.ts            # listens on 127.0.0.1:6011 (FAKE_NOTIFY_PORT)
//   NOTIFY_BASE_URL=http://127.0.0.1:6011 NOTIFY_TEMPLATE_ID=<any uuid> \
//   NOTIFY_API_KEY=dev-<any uuid>-<any uuid> npm start
// The service's own worker sends through the real notifications-node-client, as in production.
import { createServer } from 'node:http'
import { randomUUID } from 'node:crypto'

const port = Number(process.env.FAKE_NOTIFY_PORT ?? 6011)

createServer((req, res) => {
  let text = ''
  req.setEncoding('utf8')
  req.on('data', (chunk: string) => { text += chunk })
  req.on('end', () => {
    res.setHeader('content-type', 'application/json')
    if (req.method !== 'POST' || req.url !== '/v2/notifications/email') {
      res.statusCode = 404
      res.end(JSON.stringify({ status_code: 404, errors: [{ error: 'NotFound', message: 'only POST /v2/notifications/email is faked' }] }))
      return
    }
    const body = JSON.parse(text || '{}') as { email_address?: string; template_id?: string; personalisation?: Record<string, string>; reference?: string }
    const id = randomUUID()
    console.log(`${new Date().toISOString()} email ${id} to ${body.email_address} (template ${body.template_id}, reference ${body.reference})`)
    for (const [k, v] of Object.entries(body.personalisation ?? {})) console.log(`  ((${k})) ${v}`)
    res.statusCode = 201
    res.end(JSON.stringify({ id, reference: body.reference ?? null, content: { subject: body.personalisation?.subject ?? '', body: '', from_email: 'dev@notifications.local' }, uri: `http://127.0.0.1:${port}/v2/notifications/${id}`, template: { id: body.template_id, version: 1, uri: '' } }))
  })
}).listen(port, '127.0.0.1', () => console.log(`fake GOV.UK Notify on http://127.0.0.1:${port}`))
