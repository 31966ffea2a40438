// A person at the console without a browser, for the filing tests: signed in by the real OIDC flow
// (http.ts's Visitor), then sending forms as a browser does, multipart uploads included, keeping
// the session cookie the console sends back (the reading of an iXBRL file waits in it).
import { Visitor } from './http.js'

export interface FileField { filename: string; bytes: Buffer | string; type?: string }

export class Uploader {
  readonly #cookies = new Map<string, string>()

  private constructor(readonly base: string) {}

  static async signIn(base: string, account: string) {
    const visitor = new Visitor(base)
    await visitor.signIn(account)
    const uploader = new Uploader(base)
    for (const pair of visitor.cookieHeader(new URL(base)).split('; ').filter(Boolean)) {
      const at = pair.indexOf('=')
      uploader.#cookies.set(pair.slice(0, at), pair.slice(at + 1))
    }
    return uploader
  }

  /** One request, no redirect followed: a GET, a urlencoded form, or a multipart form with files. */
  async request(path: string, init: { form?: Record<string, string>; files?: Record<string, FileField> } = {}) {
    const url = new URL(path, this.base)
    const headers: Record<string, string> = { accept: 'text/html', cookie: [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ') }
    let body: string | FormData | undefined
    if (init.files) {
      const data = new FormData()
      for (const [k, v] of Object.entries(init.form ?? {})) data.append(k, v)
      for (const [k, f] of Object.entries(init.files)) data.append(k, new Blob([f.bytes], { type: f.type ?? 'application/octet-stream' }), f.filename)
      body = data
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(init.form).toString()
    }
    const res = await fetch(url, { method: body ? 'POST' : 'GET', headers, body, redirect: 'manual' })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair.indexOf('=')
      const value = pair.slice(at + 1).trim()
      if (value) this.#cookies.set(pair.slice(0, at).trim(), value)
      else this.#cookies.delete(pair.slice(0, at).trim())
    }
    const bytes = Buffer.from(await res.arrayBuffer())
    return { url, status: res.status, headers: res.headers, location: res.headers.get('location') ?? undefined, bytes, text: bytes.toString('utf8') }
  }
}

/** The problems the error summary lists, as text. */
export const summaryItems = (html: string) => {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? ''
  return [...summary.matchAll(/<a href="[^"]*">([\s\S]*?)<\/a>/g)].map((m) => m[1].trim())
}
