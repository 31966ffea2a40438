// The regulator's worklists: groups to bring into the scheme, and what is overdue.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DesignationCandidates, Overdue } from '../../../schema/workflow.js'
import { withProblems } from '../../../schema/problems.js'
import { designationCandidates, overdue } from '../../commands/oversight.js'

const oversight: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/designation-candidates', {
    onRequest: app.allow('readWorklists'),
    schema: {
      tags: ['register'], summary: 'Groups not yet designated whose latest return raised CONT-DIFFICULT-TO-REPLACE',
      response: { 200: DesignationCandidates, ...withProblems() },
    },
  }, async (req) => designationCandidates(app.deps(), req.actor))

  app.get('/register/overdue', {
    onRequest: app.allow('readWorklists'),
    schema: {
      tags: ['register'], summary: 'Designated groups late with their return, and requirements past their due date',
      response: { 200: Overdue, ...withProblems() },
    },
  }, async (req) => overdue(app.deps(), req.actor))
}
export default oversight
