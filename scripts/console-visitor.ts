// A browser's part of the sign-in flow over plain HTTP (no browser): a cookie jar that follows
// redirects by hand, so tests and the `register page` bench case sign in by the real OIDC flow quickly.

export class Visitor {
  /** host → cookie name → value (cookies are host-only here, as the console and the provider set them) */
  readonly #cookies = new Map<string, Map<string, string>>()

  constructor(readonly base: string) {}

  cookieHeader(url: URL) {
    const jar = this.#cookies.get(url.host)
    return jar ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : ''
  }

  #store(url: URL, res: Response) {
    const jar = this.#cookies.get(url.host) ?? new Map<string, string>()
    this.#cookies.set(url.host, jar)
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a))
      if (expired || value === '') jar.delete(name)
      else jar.set(name, value)
    }
  }

  /** One request, no redirect followed. */
  async request(path: string, init: { method?: string; form?: Record<string, string>; accept?: string } = {}) {
    const url = new URL(path, this.base)
    const headers: Record<string, string> = { accept: init.accept ?? 'text/html' }
    const cookie = this.cookieHeader(url)
    if (cookie) headers.cookie = cookie
    let body: string | undefined
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(init.form).toString()
    }
    const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' })
    this.#store(url, res)
    return { url, status: res.status, headers: res.headers, location: res.headers.get('location') ?? undefined, text: await res.text() }
  }

  /** Follows redirects (GET after each, as a browser does after 302 and 303). */
  async follow(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
    let res = await this.request(path, init)
    for (let hops = 0; res.location && res.status >= 300 && res.status < 400; hops++) {
      if (hops > 10) throw new Error(`too many redirects from ${path}`)
      res = await this.request(new URL(res.location, res.url).href)
    }
    return res
  }

  /** Signs in by the development identity provider, as `account`; the page it lands on. */
  async signIn(account: string, returnTo = '/') {
    const form = await this.follow(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`)
    if (!form.url.pathname.startsWith('/oidc/interaction/')) throw new Error(`sign-in did not reach the identity provider: ${form.status} ${form.url.href}`)
    return this.follow(form.url.href, { form: { account, _csrf: csrfTokenOf(form.text) } })
  }
}

export function csrfTokenOf(html: string) {
  const m = /name="_csrf" value="([^"]+)"/.exec(html)
  if (!m) throw new Error('no CSRF token on the page')
  return m[1]
}
