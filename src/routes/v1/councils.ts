import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Council, CouncilList, CouncilParams, CouncilUpdate } from '../../../schema/councils.js'
import { withProblems } from '../../../schema/problems.js'
import { councilView, listCouncils, updateCouncil } from '../../db/queries/councils.js'
import { notFound } from '../../problems.js'

const councils: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/councils', {
    onRequest: app.allow('regulator', 'provider', 'council'),
    schema: { tags: ['councils'], summary: 'The 153 English councils with children\'s services', response: { 200: CouncilList, ...withProblems() } },
  }, async () => ({ items: (await listCouncils(app.db)).map(councilView) }))

  app.put('/councils/:laCode', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['councils'], summary: 'Update a council\'s children-looked-after figure',
      params: CouncilParams, body: CouncilUpdate, response: { 200: Council, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req) => {
    const row = await updateCouncil(app.db, req.actor, req.params.laCode, req.body.childrenLookedAfter, app.now())
    if (!row) throw notFound('council')
    return councilView(row)
  })
}
export default councils
