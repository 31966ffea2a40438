// The role half of the access policy, as commands apply it: a command refuses a role its action
// does not allow, whoever calls it (the API's routes refuse it first, before reading a body).
import { mayDo, roleRefusal, ROLES, type Action } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import { Problem } from '../problems.js'

export function authorise(actor: Actor, action: Action) {
  if (!mayDo(actor, action)) throw new Problem('forbidden', roleRefusal(ROLES[action], actor.role))
}
