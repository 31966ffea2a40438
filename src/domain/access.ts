// Who may see and do what: one policy, asked by the API's routes, the commands and the console.
// Two kinds of rule. A role may or may not take an action at all (a token of another role is
// refused: 403). Within an action a person sees only their own objects: a provider its own group
// (another group's anything does not exist for it: 404, so that its existence does not leak), a
// council its own council's lists (403) and the notices addressed to it (404 otherwise).
import type { Actor, Role } from './actor.js'

const EVERYONE = ['regulator', 'provider', 'council'] as const

/** The roles that may take each action, in the order a refusal names them. */
export const ROLES = {
  readCouncils: EVERYONE,
  updateCouncil: ['regulator'],

  createProvider: ['regulator'],
  listProviders: ['regulator', 'provider'],
  readProvider: ['regulator', 'provider'],
  designate: ['regulator'],

  fileReturn: ['provider'],
  amendReturn: ['provider'],
  readReturns: ['provider', 'regulator'],
  readIxbrl: ['provider'],
  readReturnTemplate: ['provider', 'regulator'],

  readOwnership: ['regulator', 'provider'],
  resolveOwnership: EVERYONE,

  readRules: EVERYONE,
  publishRuleset: ['regulator'],
  readAssessments: ['regulator', 'provider'],
  readStability: EVERYONE,
  readCouncilProviders: ['regulator', 'council'],
  stressTest: ['regulator'],
  reassess: ['regulator'],

  readRegister: ['regulator'],
  workFlags: ['regulator'],
  readWorklists: ['regulator'],
  setRequirement: ['regulator'],
  readRequirements: ['regulator', 'provider'],
  answerRequirement: ['provider'],

  issueNotice: ['regulator'],
  readProviderNotices: ['regulator'],
  readCouncilNotices: ['regulator', 'council'],
  readNotice: ['regulator', 'council'],
  acknowledgeNotice: ['council'],
  withdrawNotice: ['regulator'],
  readImpact: ['regulator'],
  readMarket: ['regulator'],
  readCouncilImpact: ['regulator', 'council'],

  // councils see a group's standing, never its figures
  readProfitability: ['regulator', 'provider'],
  simulateProfitCap: ['regulator'],

  registerWebhook: ['council'],
  readWebhooks: ['council', 'regulator'],
  deactivateWebhook: ['council'],
  readDeliveries: ['council', 'regulator'],
  rotateSigningKey: ['regulator'],
  setCouncilContacts: ['council', 'regulator'],
  readCouncilContacts: ['council', 'regulator'],

  readAudit: ['regulator'],
  loadOfstedRegister: ['regulator'],
  readOfstedRegister: ['regulator'],
} as const satisfies Record<string, readonly Role[]>

export type Action = keyof typeof ROLES

export const isAction = (name: string): name is Action => Object.hasOwn(ROLES, name)

/** Whether the actor's role may take the action at all. */
export const mayDo = (actor: Actor, action: Action) => (ROLES[action] as readonly Role[]).includes(actor.role)

/** Why a role may not: the refusal's one line. */
export const roleRefusal = (roles: readonly Role[], role: Role) =>
  `This needs a ${roles.join(' or ')} token; this one is a ${role}'s`

/** A provider sees only its own group; every other role sees any group its action allows. */
export const mayReadProvider = (actor: Actor, providerId: string) =>
  actor.role !== 'provider' || actor.providerId === providerId.toLowerCase()

/** The only group a provider's lists may hold (undefined: any). */
export const providerScope = (actor: Actor) => (actor.role === 'provider' ? actor.providerId : undefined)

/** A council acts, and reads a council's lists, only for itself; a regulator for any council. */
export const mayActForCouncil = (actor: Actor, laCode: string) => actor.role !== 'council' || actor.laCode === laCode

/** A council sees a notice only if it is addressed by it. */
export const maySeeNotice = (actor: Actor, addressees: readonly { laCode: string }[]) =>
  actor.role !== 'council' || addressees.some((a) => a.laCode === actor.laCode)

/** The addressees of a notice the actor sees: a council its own line, a regulator every council's. */
export const visibleAddressees = <A extends { laCode: string }>(actor: Actor, addressees: A[]): A[] =>
  actor.role === 'council' ? addressees.filter((a) => a.laCode === actor.laCode) : addressees

/** Regulators see which addressees have yet to acknowledge a notice. */
export const seesAcknowledgements = (actor: Actor) => actor.role === 'regulator'
