// Reading Ofsted's register in force: one setting by URN, or the load's summary.
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import type { Actor } from '../domain/actor.js'
import { normaliseUrn } from '../domain/quality.js'
import { currentLoad, settingInForce } from '../db/queries/ofsted.js'
import { ofstedLoadView, ofstedSettingView } from '../views/ofsted.js'
import { Problem } from '../problems.js'

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
