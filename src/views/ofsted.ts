// How Ofsted's register reads in the API: a load's summary and one setting.
import type { ByJudgement } from '../domain/ofsted-register.js'
import type { OfstedLoad, OfstedSettingRow } from '../db/queries/ofsted.js'

export const ofstedLoadView = (l: OfstedLoad) =>
  ({ loadId: l.id, loadedAt: l.loadedAt.toISOString(), settings: l.settings, byJudgement: l.byJudgement as ByJudgement })

export const ofstedSettingView = (s: OfstedSettingRow) => ({
  loadId: s.loadId, urn: s.urn, row: s.row, provisionType: s.provisionType, name: s.name, registrationStatus: s.registrationStatus,
  places: s.places, localAuthority: s.localAuthority, judgement: s.judgement, inspectionDate: s.inspectionDate,
})
