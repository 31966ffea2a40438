// How Ofsted's register reads in the API: a load's summary and one setting.
import type { ByJudgement } from '../domain/ofsted-register.js'
import type { OfstedLoad, OfstedSettingRow } from '../db/queries/ofsted.js'
import type { Setting } from '../domain/annual-return.js'
import { isActive, normaliseUrn } from '../domain/quality.js'

export const ofstedLoadView = (l: OfstedLoad) =>
  ({ loadId: l.id, loadedAt: l.loadedAt.toISOString(), settings: l.settings, byJudgement: l.byJudgement as ByJudgement })

export const ofstedSettingView = (s: OfstedSettingRow) => ({
  loadId: s.loadId, urn: s.urn, row: s.row, provisionType: s.provisionType, name: s.name, registrationStatus: s.registrationStatus,
  places: s.places, localAuthority: s.localAuthority, judgement: s.judgement, inspectionDate: s.inspectionDate,
})

/** A group's settings as filed in its latest return, each beside the register's entry for its URN (null when the register lacks it, or none is loaded). */
export const providerSettingsView = (
  providerId: string, ret: { id: string; periodEnd: string }, settings: readonly Setting[],
  load: OfstedLoad | undefined, entries: ReadonlyMap<string, OfstedSettingRow>,
) => ({
  providerId,
  returnId: ret.id,
  periodEnd: ret.periodEnd,
  register: load ? { loadId: load.id, loadedAt: load.loadedAt.toISOString() } : null,
  settings: settings.map((s) => {
    const e = load ? entries.get(normaliseUrn(s.urn)) : undefined
    return {
      urn: s.urn, name: s.name, kind: s.kind, places: s.places, laCode: s.laCode,
      // registered only when Active (RULES.md); unknown when no register is loaded
      registered: load ? e !== undefined && isActive(e.registrationStatus) : null,
      registrationStatus: e?.registrationStatus ?? null,
      judgement: e?.judgement ?? null,
      inspectionDate: e?.inspectionDate ?? null,
    }
  }),
})
