// Static files (MoJ's setUpStaticResources): GOV.UK Frontend's and MoJ Frontend's precompiled CSS
// and JavaScript, their fonts and images, and the console's own small stylesheet and script.
// Only files that exist are routes (no wildcard): anything else under /assets is a plain 404.
import { join } from 'node:path'
import type { FastifyPluginAsync } from 'fastify'
import fastifyStatic from '@fastify/static'
import { consoleDir, govukDist, mojRoot } from './frontend.js'

const MAX_AGE = 60 * 60 * 1000 // an hour: assets change only with a deploy

/** The published bundles, each at one URL under /assets. */
const BUNDLES: Array<[url: string, dir: string, file: string]> = [
  ['/assets/govuk-frontend.min.css', join(govukDist, 'govuk'), 'govuk-frontend.min.css'],
  ['/assets/govuk-frontend.min.js', join(govukDist, 'govuk'), 'govuk-frontend.min.js'],
  ['/assets/moj-frontend.min.css', join(mojRoot, 'moj'), 'moj-frontend.min.css'],
  ['/assets/moj-frontend.min.js', join(mojRoot, 'moj'), 'moj-frontend.min.js'],
]

const assets: FastifyPluginAsync = async (app) => {
  // The stylesheets ask for /assets/fonts/… and /assets/images/…: GOV.UK's and MoJ's folders
  // are served there, the console's own files first.
  await app.register(fastifyStatic, {
    root: [join(consoleDir, 'assets'), join(govukDist, 'govuk', 'assets'), join(mojRoot, 'moj', 'assets')],
    prefix: '/assets/',
    wildcard: false,
    maxAge: MAX_AGE,
    index: false,
  })
  for (const [url, dir, file] of BUNDLES) {
    app.get(url, (_req, reply) => reply.sendFile(file, dir, { maxAge: MAX_AGE }))
  }
}
export default assets
