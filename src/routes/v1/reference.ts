// Reference data the regulator loads: Ofsted's register of children's social care settings.
import { Readable } from 'node:stream'
import { Type } from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { OfstedRegisterLoad, OfstedSetting, OfstedSettingsQuery, ProviderSettings } from '../../../schema/reference.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { loadOfstedRegister, registerTooLarge } from '../../commands/load-ofsted-register.js'
import { ofstedRegisterInForce, settingsOfProvider } from '../../commands/ofsted-register.js'
import { Problem } from '../../problems.js'

export const OFSTED_REGISTER_LIMIT = 20 * 1024 * 1024

const reference: FastifyPluginAsyncTypebox = async (app) => {
  // This scope alone takes CSV; the rest of the API takes JSON. The body is handed on as the
  // request's stream: the command reads it row by row (and counts its bytes against the limit,
  // which Fastify applies only to bodies it reads whole).
  app.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload))

  app.put('/reference/ofsted-settings', {
    onRequest: app.allow('loadOfstedRegister'),
    schema: {
      tags: ['reference'],
      summary: 'Load Ofsted\'s register of children\'s social care settings (text/csv as Ofsted publishes it, up to 20 MB): it becomes the register in force',
      consumes: ['text/csv'],
      response: { 200: OfstedRegisterLoad, ...withProblems(413, 415, 422) },
    },
  }, async (req, reply) => {
    const body = req.body
    if (!(body instanceof Readable)) throw new Problem('unsupported-media-type', 'Send the register as text/csv')
    try {
      if (Number(req.headers['content-length']) > OFSTED_REGISTER_LIMIT) throw registerTooLarge(OFSTED_REGISTER_LIMIT)
      return await loadOfstedRegister({ db: app.db, now: app.now(), maxBytes: OFSTED_REGISTER_LIMIT }, req.actor, body)
    } catch (err) {
      // Refused before the end of the body (too large, no header): the rest is not read, so the
      // connection closes after the answer instead of reading what is left as the next request.
      if (!body.readableEnded) reply.header('connection', 'close')
      throw err
    }
  })

  app.get('/reference/ofsted-settings', {
    onRequest: app.allow('readOfstedRegister'),
    schema: {
      tags: ['reference'],
      summary: 'The Ofsted register in force: one setting by URN, or without `urn` the load\'s summary (404 when none is loaded)',
      querystring: OfstedSettingsQuery,
      response: { 200: Type.Union([OfstedSetting, OfstedRegisterLoad]), ...withProblems(404) },
    },
  }, async (req) => ofstedRegisterInForce(app.deps(), req.actor, req.query.urn))

  app.get('/providers/:id/settings', {
    onRequest: app.allow('readAssessments'),
    schema: {
      tags: ['providers'],
      summary: 'A group\'s settings (its latest return\'s) with the Ofsted register in force\'s registration, judgement and inspection date of each (the regulator, or the group itself)',
      params: ProviderParams,
      response: { 200: ProviderSettings, ...withProblems(400, 404) },
    },
  }, async (req) => settingsOfProvider(app.deps(), req.actor, req.params.id))
}
export default reference
