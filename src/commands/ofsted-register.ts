// Reading Ofsted's register in force: one setting by URN, or the load's summary; and a group's own
// settings as the register reads them.
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { mayReadProvider } from '../domain/access.js'
import { normaliseUrn } from '../domain/quality.js'
import { currentLoad, settingInForce, settingsInForce } from '../db/queries/ofsted.js'
import { findProvider } from '../db/queries/providers.js'
import { findReturn } from '../db/queries/returns.js'
import { ofstedLoadView, ofstedSettingView, providerSettingsView } from '../views/ofsted.js'
import { notFound, Problem } from '../problems.js'

export async function ofstedRegisterInForce(deps: Deps, actor: Actor, urn?: string) {
  authorise(actor, 'readOfstedRegister')
  if (urn === undefined) {
    const load = await currentLoad(deps.db)
    if (!load) throw new Problem('not-found', 'No Ofsted register has been loaded')
    return ofstedLoadView(load)
  }
  const setting = await settingInForce(deps.db, normaliseUrn(urn))
  if (!setting) throw new Problem('not-found', 'No setting with this URN in the Ofsted register in force')
  return ofstedSettingView(setting)
}

/**
 * The settings of a group's latest return, each with what the register in force says of it (its
 * registration, latest judgement and inspection date): what the quality rules read, which the
 * group may see of its own settings as the regulator may (the register is public; a group's
 * settings are its own).
 */
export async function settingsOfProvider(deps: Deps, actor: Actor, providerId: string) {
  authorise(actor, 'readAssessments')
  if (!mayReadProvider(actor, providerId)) throw notFound('provider')
  const provider = await findProvider(deps.db, providerId)
  if (!provider) throw notFound('provider')
  if (!provider.latestReturnId) throw notFound('return: the group has not filed one')
  const ret = (await findReturn(deps.db, provider.latestReturnId))!
  const settings = (ret.body as AnnualReturn).settings
  const load = await currentLoad(deps.db)
  const entries = load ? await settingsInForce(deps.db, load.id, settings.map((s) => normaliseUrn(s.urn))) : new Map()
  return providerSettingsView(provider.id, ret, settings, load, entries)
}
