// The dev key pair: `npm run keys` writes it, `npm run token` signs with it, and `npm start`
// makes it on a fresh clone so the service has something to verify tokens against.
import { mkdir, readFile, writeFile, access } from 'node:fs/promises'
import { join } from 'node:path'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose'
import { devKeysDir } from './config.js'

export const DEV_ALG = 'ES256'

export async function writeDevKeys(dir = devKeysDir()) {
  const { publicKey, privateKey } = await generateKeyPair(DEV_ALG, { extractable: true })
  const pub = await exportJWK(publicKey)
  const kid = await calculateJwkThumbprint(pub)
  const priv = await exportJWK(privateKey)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'private.jwk.json'), JSON.stringify({ ...priv, kid, alg: DEV_ALG, use: 'sig' }, null, 2), { mode: 0o600 })
  await writeFile(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...pub, kid, alg: DEV_ALG, use: 'sig' }] }, null, 2))
  return { dir, kid }
}

export async function ensureDevKeys(dir = devKeysDir()) {
  try {
    await access(join(dir, 'private.jwk.json'))
    await access(join(dir, 'jwks.json'))
    return false
  } catch {
    await writeDevKeys(dir)
    return true
  }
}

export interface TokenClaims { role: string; sub: string; providerId?: string; laCode?: string }

export async function signDevToken(claims: TokenClaims, opts: { issuer: string; audience: string; ttlSeconds: number; dir?: string }) {
  const jwk = JSON.parse(await readFile(join(opts.dir ?? devKeysDir(), 'private.jwk.json'), 'utf8')) as JWK
  const key = await importJWK(jwk, DEV_ALG)
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: DEV_ALG, kid: jwk.kid })
    .setIssuer(opts.issuer).setAudience(opts.audience).setSubject(claims.sub)
    .setIssuedAt().setExpirationTime(`${opts.ttlSeconds}s`)
    .sign(key)
}
