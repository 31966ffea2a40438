import t from 'tap'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent, fetch } from 'undici'
import { addressProblem, guardedLookup, urlForAudit, webhookUrlProblem } from '../../src/delivery/target.js'

t.test('https anywhere public; nothing else in production', async (t) => {
  t.equal(webhookUrlProblem('https://notices.kent.gov.uk/hooks/po', false), undefined)
  t.equal(webhookUrlProblem('https://notices.kent.gov.uk:8443/hooks?token=abc', false), undefined)
  t.equal(webhookUrlProblem('http://notices.kent.gov.uk/hooks', false), 'must be an https URL')
  t.equal(webhookUrlProblem('ftp://notices.kent.gov.uk/hooks', false), 'must be an https URL')
  t.equal(webhookUrlProblem('notices.kent.gov.uk/hooks', false), 'must be an absolute URL')
  t.equal(webhookUrlProblem('https://user:secret@notices.kent.gov.uk/', false), 'must not contain credentials')
  t.equal(webhookUrlProblem('https://notices.kent.gov.uk/#x', false), 'must not contain a fragment')
  for (const host of ['127.0.0.1', 'localhost', '[::1]', '127.8.9.10']) {
    t.equal(webhookUrlProblem(`http://${host}:8080/`, false), 'must not point at a loopback address', host)
    t.equal(webhookUrlProblem(`https://${host}/`, false), 'must not point at a loopback address', host)
  }
  for (const host of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0', '[fd00::1]', '[fe80::1]']) {
    t.equal(webhookUrlProblem(`https://${host}/`, false), 'must not point at a private network address', host)
  }
  t.equal(webhookUrlProblem('https://172.32.0.1/', false), undefined, 'outside 172.16/12')
  t.equal(webhookUrlProblem('https://[2a00:1450:4009:81f::200e]/', false), undefined, 'global unicast IPv6')
  for (const host of ['100.64.0.1', '198.18.0.1', '224.0.0.1', '255.255.255.255', '[2001:db8::1]', '[::ffff:10.0.0.1]', '[ff02::1]']) {
    t.equal(webhookUrlProblem(`https://${host}/`, false), 'must not point at a private network address', host)
  }
  t.equal(webhookUrlProblem('https://[::ffff:127.0.0.1]/', false), 'must not point at a loopback address', 'IPv4-mapped loopback')
})

t.test('IPv4-compatible IPv6 (::/96) is refused whatever it embeds, loopback allowed or not', async (t) => {
  for (const host of ['[::127.0.0.1]', '[::7f00:1]', '[::10.0.0.1]', '[::169.254.169.254]', '[::8.8.8.8]', '[0:0:0:0:0:0:7f00:1]']) {
    for (const allow of [false, true]) t.equal(webhookUrlProblem(`https://${host}/hook`, allow), 'must not point at an IPv4-compatible IPv6 address (::/96)', `${host} ${allow}`)
  }
  t.equal(addressProblem('::127.0.0.1', true), 'must not point at an IPv4-compatible IPv6 address (::/96)', 'as an address a name resolves to')
  t.equal(addressProblem('::1', false), 'must not point at a loopback address', '::1 stays loopback')
  t.equal(addressProblem('::', false), 'must not point at a private network address', ':: stays unspecified')
  t.equal(addressProblem('::1:0:0:1', false), undefined, 'outside ::/96')
})

t.test('localhost in any spelling a resolver takes is loopback', async (t) => {
  for (const host of ['localhost.', 'LOCALHOST.', 'LocalHost', 'localhost..', 'notices.localhost', 'a.b.LOCALHOST.']) {
    t.equal(webhookUrlProblem(`https://${host}/hook`, false), 'must not point at a loopback address', host)
    t.equal(webhookUrlProblem(`http://${host}:8080/hook`, true), undefined, `${host}, when loopback is allowed`)
  }
  t.equal(webhookUrlProblem('https://localhost.kent.gov.uk/hook', false), undefined, 'a public name beginning with localhost')
  t.equal(webhookUrlProblem('https://mylocalhost/hook', false), undefined)
})

t.test('only global unicast addresses may be called (loopback when allowed)', async (t) => {
  for (const a of ['81.2.69.160', '8.8.8.8', '2a00:1450:4009:81f::200e', '::ffff:81.2.69.160']) t.equal(addressProblem(a, false), undefined, a)
  for (const a of ['10.0.0.1', '169.254.169.254', 'fd12::1', 'fe80::1', '0.0.0.0', '::', '100.100.100.200']) {
    t.equal(addressProblem(a, false), 'must not point at a private network address', a)
  }
  t.equal(addressProblem('127.0.0.1', false), 'must not point at a loopback address')
  t.equal(addressProblem('::1', true), undefined)
  t.equal(addressProblem('not-an-address', true), 'is not an IP address')
})

t.test('a delivery connects only after every address its host resolves to is checked', async (t) => {
  let reached = 0
  const server = createServer((_req, res) => { reached++; res.statusCode = 204; res.end() })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  // a name, so the connection goes through the lookup (an IP literal is not looked up)
  const url = `http://localhost:${(server.address() as AddressInfo).port}/hook`
  const strict = new Agent({ connect: { lookup: guardedLookup(false) } })
  t.teardown(() => strict.close())
  const refused = await fetch(url, { method: 'POST', dispatcher: strict }).then(() => undefined, (err: { cause?: { code?: string; message?: string } }) => err.cause)
  t.equal(refused?.code, 'EADDRNOTALLOWED')
  t.equal(refused?.message, 'the target was refused: localhost resolves to an address webhooks are not sent to')
  t.notMatch(refused?.message, /127\.0\.0\.1|::1/, 'the message (a council reads it) does not say where the name led')
  t.match((refused as { refusedAddress?: string })?.refusedAddress, /^(127\.0\.0\.1|::1)$/, 'the error carries it, for our log')
  t.equal(reached, 0, 'nothing was sent')
  const allowing = new Agent({ connect: { lookup: guardedLookup(true) } })
  t.teardown(() => allowing.close())
  t.equal((await fetch(url, { method: 'POST', dispatcher: allowing })).status, 204, 'loopback when allowed')
  t.equal(reached, 1)
})

t.test('loopback, http included, only when allowed (tests, local development)', async (t) => {
  for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
    t.equal(webhookUrlProblem(`http://${host}:8080/hook`, true), undefined, host)
    t.equal(webhookUrlProblem(`https://${host}/hook`, true), undefined, host)
  }
  t.equal(webhookUrlProblem('http://notices.kent.gov.uk/', true), 'must be an https URL', 'only loopback is excepted')
  t.equal(webhookUrlProblem('http://10.0.0.1/', true), 'must be an https URL')
})

t.test('the audit log keeps the URL without its query', async (t) => {
  t.equal(urlForAudit('https://a.example/hook?token=secret'), 'https://a.example/hook?…')
  t.equal(urlForAudit('https://a.example/hook'), 'https://a.example/hook')
})
