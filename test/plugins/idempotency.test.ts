import t from 'tap'
import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { requestFingerprint } from '../../src/plugins/idempotency.js'
import { asBods, fullReturn, smallReturn } from '../fixtures/returns.js'

// Keys are kept for at least 24 hours across deployments: a key claimed before the fingerprint was
// computed by this code must still replay, so the text it hashes must not change.
t.test('a request fingerprint is the SHA-256 of method, path and the RFC 8785 body, key order aside', async (t) => {
  const path = '/v1/providers/7d0f2c51-3b1e-4c1a-9c55-0e6f3b1d2a10/returns'
  for (const body of [smallReturn(), fullReturn(), asBods(fullReturn()), null]) {
    const reference = createHash('sha256').update(`POST ${path}\n`).update(canonicalize(body) ?? '').digest('hex')
    t.equal(requestFingerprint('POST', path, body), reference)
  }
  const body = fullReturn()
  const reordered = Object.fromEntries(Object.entries(body).reverse())
  t.equal(requestFingerprint('POST', path, reordered), requestFingerprint('POST', path, body), 'member order does not change it')
  t.not(requestFingerprint('POST', path, { ...body, periodEnd: '2026-03-30' }), requestFingerprint('POST', path, body), 'a changed figure does')
})
