import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Council, CouncilList, CouncilParams, CouncilUpdate } from '../../../schema/councils.js'
import { withProblems } from '../../../schema/problems.js'
import { listCouncils, updateCouncil } from '../../commands/councils.js'

const councils: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/councils', {
    onRequest: app.allow('readCouncils'),
    schema: { tags: ['councils'], summary: 'The 153 English councils with children\'s services', response: { 200: CouncilList, ...withProblems() } },
  }, async (req) => listCouncils(app.deps(), req.actor))

  app.put('/councils/:laCode', {
    onRequest: app.allow('updateCouncil'),
    schema: {
      tags: ['councils'], summary: 'Update a council\'s children-looked-after figure',
      params: CouncilParams, body: CouncilUpdate, response: { 200: Council, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req) => updateCouncil(app.deps(), req.actor, req.params.laCode, req.body.childrenLookedAfter))
}
export default councils
