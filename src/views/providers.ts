// How a provider group reads, with its designation history.
import type { Static } from 'typebox'
import type { Designation, Provider, ProviderWithDesignations } from '../../schema/providers.js'
import type { DesignationRow, ProviderRow } from '../db/queries/providers.js'

export type ProviderView = Static<typeof Provider>

export const providerView = (p: ProviderRow): ProviderView => ({
  id: p.id, name: p.name, companyNumber: p.companyNumber, kind: p.kind, designated: p.designated,
  rating: p.rating, peBacked: p.peBacked, createdAt: p.createdAt.toISOString(),
})

export const designationView = (d: DesignationRow): Static<typeof Designation> => ({
  id: d.id, designated: d.designated, reason: d.reason, responsibleIndividual: d.responsibleIndividual,
  decidedBy: d.decidedBy, decidedAt: d.decidedAt.toISOString(),
})

export const providerDetailView = (p: ProviderRow, designations: DesignationRow[]): Static<typeof ProviderWithDesignations> =>
  ({ ...providerView(p), designations: designations.map(designationView) })
