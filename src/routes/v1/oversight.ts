// The regulator's worklists: groups to bring into the scheme, and what is overdue.
import { and, desc, eq, isNotNull } from 'drizzle-orm'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DesignationCandidates, Overdue } from '../../../schema/workflow.js'
import { withProblems } from '../../../schema/problems.js'
import { annualReturns, designations, providers } from '../../db/schema.js'
import { latestAssessmentOfReturn } from '../../db/queries/assessments.js'
import { overdueRequirements } from '../../db/queries/requirements.js'
import { filingDueBy } from '../../domain/filing-deadline.js'
import type { Flag } from '../../domain/assess-return.js'

const oversight: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/designation-candidates', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['register'], summary: 'Groups not yet designated whose latest return raised CONT-DIFFICULT-TO-REPLACE',
      response: { 200: DesignationCandidates, ...withProblems() },
    },
  }, async () => {
    const rows = await app.db.select({ p: providers, periodEnd: annualReturns.periodEnd }).from(providers)
      .innerJoin(annualReturns, eq(annualReturns.id, providers.latestReturnId))
      .where(and(eq(providers.designated, false), eq(providers.difficultToReplace, true)))
      .orderBy(providers.name)
    const items = []
    for (const r of rows) {
      const a = await latestAssessmentOfReturn(app.db, r.p.latestReturnId!)
      const flag = a && (JSON.parse(a.output).flags as Flag[]).find((f) => f.ruleId === 'CONT-DIFFICULT-TO-REPLACE')
      items.push({ providerId: r.p.id, name: r.p.name, kind: r.p.kind, rating: r.p.rating, returnId: r.p.latestReturnId!, periodEnd: r.periodEnd, why: flag?.explanation ?? '' })
    }
    return { items }
  })

  app.get('/register/overdue', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['register'], summary: 'Designated groups late with their return, and requirements past their due date',
      response: { 200: Overdue, ...withProblems() },
    },
  }, async () => {
    const today = app.now().toISOString().slice(0, 10)
    const designated = await app.db.select({ p: providers, periodEnd: annualReturns.periodEnd }).from(providers)
      .leftJoin(annualReturns, eq(annualReturns.id, providers.latestReturnId))
      .where(eq(providers.designated, true))
    const filings = []
    for (const d of designated) {
      const [since] = await app.db.select({ at: designations.decidedAt }).from(designations)
        .where(and(eq(designations.providerId, d.p.id), eq(designations.designated, true), isNotNull(designations.decidedAt)))
        .orderBy(desc(designations.decidedAt)).limit(1)
      const dueBy = filingDueBy(d.periodEnd ?? null, (since?.at ?? d.p.createdAt).toISOString().slice(0, 10))
      if (dueBy < today) filings.push({ providerId: d.p.id, name: d.p.name, lastPeriodEnd: d.periodEnd ?? null, dueBy })
    }
    const reqs = await overdueRequirements(app.db, today)
    return {
      filings: filings.sort((a, b) => a.dueBy.localeCompare(b.dueBy)),
      requirements: reqs.map((r) => ({ id: r.requirement.id, providerId: r.requirement.providerId, name: r.providerName, kind: r.requirement.kind, dueDate: r.requirement.dueDate })),
    }
  })
}
export default oversight
