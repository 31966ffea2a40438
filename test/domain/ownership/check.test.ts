import t from 'tap'
import { checkOwnership } from '../../../src/domain/ownership/check.js'
import type { OwnershipGraph } from '../../../src/domain/ownership/types.js'
import { charity, entity, holds, indirectChain, structures } from './structures.js'

t.test('every hand-worked structure passes', async t => {
  for (const [name, build] of Object.entries(structures)) t.same(checkOwnership(build()), [], name)
})

t.test('interests into one entity above 100% are refused, naming the entity', async t => {
  const graph: OwnershipGraph = {
    reportingEntity: 'opco',
    entities: [entity('opco'), { ...entity('midco'), name: 'Midco Holdings Ltd' }, entity('fund'), entity('bank')],
    interests: [holds('midco', 'opco', 100), holds('fund', 'midco', 60), holds('bank', 'midco', 50.5)],
  }
  // 60 + 50.5 = 110.5% of MidCo's shares
  t.same(checkOwnership(graph), [{
    pointer: '/ownership/entities/1',
    detail: 'the interests into "Midco Holdings Ltd" (midco) add up to 110.5% of its shares, more than 100%',
  }])
})

t.test('a rounding of 0.01 is allowed; voting rights are added up on their own', async t => {
  const rounded: OwnershipGraph = {
    reportingEntity: 'opco',
    entities: [entity('opco'), entity('x'), entity('y'), entity('z')],
    // 33.34 + 33.34 + 33.33 = 100.01: the filer's rounding
    interests: [holds('x', 'opco', 33.34), holds('y', 'opco', 33.34), holds('z', 'opco', 33.33)],
  }
  t.same(checkOwnership(rounded), [])
  rounded.interests[2].sharesPct = 33.35 // 100.03
  t.match(checkOwnership(rounded), [{ pointer: '/ownership/entities/0', detail: /add up to 100.03% of its shares/ }])

  const votes: OwnershipGraph = {
    reportingEntity: 'opco',
    entities: [entity('opco'), entity('x'), entity('y')],
    interests: [holds('x', 'opco', 50, { votingPct: 70 }), holds('y', 'opco', 50, { votingPct: 40 })],
  }
  t.same(checkOwnership(votes), [{
    pointer: '/ownership/entities/0', detail: 'the interests into "Opco" (opco) add up to 110% of its voting rights, more than 100%',
  }])
})

t.test('an indirect interest restates a chain and is left out of the sum', async t => {
  // OpCo: topco 60 + owner 5 + others 35 = 100; the owner's indirect 60 would make 160
  t.same(checkOwnership(indirectChain()), [])
})

t.test('refs are declared once; interests name declared entities', async t => {
  const graph: OwnershipGraph = {
    reportingEntity: 'opco',
    entities: [entity('opco'), entity('fund'), entity('gp'), entity('fund')],
    interests: [holds('fund', 'opco', 50), holds('gp', 'fund', undefined, { control: true }), holds('ghost', 'opco', 10),
      holds('fund', 'nowhere', 10), holds('fund', 'opco', 10, { indirect: true, through: ['mystery'] })],
  }
  t.same(checkOwnership(graph), [
    { pointer: '/ownership/entities/3/ref', detail: '"fund" is declared more than once (first at /ownership/entities/1)' },
    { pointer: '/ownership/interests/2/owner', detail: '"ghost" is not a declared entity' },
    { pointer: '/ownership/interests/3/owned', detail: '"nowhere" is not a declared entity' },
    { pointer: '/ownership/interests/4/through/0', detail: '"mystery" is not a declared entity' },
  ])
})

t.test('percentages lie between 0 and 100', async t => {
  const graph: OwnershipGraph = {
    reportingEntity: 'opco',
    entities: [entity('opco'), entity('x')],
    interests: [holds('x', 'opco', -5, { votingPct: 120 })],
  }
  t.same(checkOwnership(graph), [
    { pointer: '/ownership/interests/0/sharesPct', detail: 'must be a percentage between 0 and 100' },
    { pointer: '/ownership/interests/0/votingPct', detail: 'must be a percentage between 0 and 100' },
    { pointer: '/ownership/entities/0', detail: 'the interests into "Opco" (opco) add up to 120% of its voting rights, more than 100%' },
  ])
})

t.test('the reporting entity is declared, and owned unless it files alone', async t => {
  t.same(checkOwnership(charity()), [], 'a charity filing for itself')
  t.same(checkOwnership({ reportingEntity: 'nobody', entities: [entity('opco')], interests: [] }),
    [{ pointer: '/ownership/reportingEntity', detail: '"nobody" is not a declared entity' }])
  t.same(checkOwnership({ reportingEntity: 'opco', entities: [entity('opco'), entity('fund')], interests: [] }), [{
    pointer: '/ownership/reportingEntity',
    detail: 'no interest owns the reporting entity "Opco" (opco); only an entity filing alone (such as a charity) may be owned by no one',
  }])
  t.same(checkOwnership({
    reportingEntity: 'opco', entities: [entity('opco'), entity('gp')], interests: [holds('gp', 'opco', undefined, { control: true })],
  }), [], 'an interest of control alone owns it too')
})
