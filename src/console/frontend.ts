// Where GOV.UK Frontend and MoJ Frontend are installed: their Nunjucks templates and their
// precompiled assets (dist) are used as published, with no build step of our own.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`))

/** `govuk/…` templates and `govuk/assets` resolve under this. */
export const govukDist = join(packageDir('govuk-frontend'), 'dist')
/** `moj/…` templates and `moj/assets` resolve under this. */
export const mojRoot = packageDir('@ministryofjustice/frontend')
/** The console's own templates and static files. */
export const consoleDir = dirname(fileURLToPath(import.meta.url))
