// Hand-worked ownership structures, shared by the resolver's and the BODS tests. The expected
// figures are worked in the comments of the tests that use them.

import type { EntityKind, OwnershipEntity, OwnershipGraph, OwnershipInterest } from '../../../src/domain/ownership/types.js'

export const entity = (ref: string, kind: EntityKind = 'company', jurisdiction = 'GB', more: Partial<OwnershipEntity> = {}): OwnershipEntity =>
  ({ ref, name: ref.replace(/(^|-)(\w)/g, (_m, sep: string, c: string) => `${sep ? ' ' : ''}${c.toUpperCase()}`), kind, jurisdiction, ...more })

export const holds = (owner: string, owned: string, sharesPct?: number, more: Partial<OwnershipInterest> = {}): OwnershipInterest =>
  ({ owner, owned, ...(sharesPct === undefined ? {} : { sharesPct }), ...more })

/** UK OpCo ← UK MidCo ← Jersey TopCo ← PE fund ← its GP (control, no shares). */
export const plainChain = (): OwnershipGraph => ({
  reportingEntity: 'opco',
  entities: [
    entity('opco', 'company', 'GB', { companyNumber: '01234567' }),
    entity('midco', 'company', 'GB', { companyNumber: '07654321' }),
    entity('topco', 'company', 'JE'),
    entity('fund', 'private_equity_fund', 'GB'),
    entity('gp', 'fund_manager', 'GB'),
  ],
  interests: [
    holds('midco', 'opco', 100, { since: '2016-04-01' }),
    holds('topco', 'midco', 100, { since: '2016-04-01' }),
    holds('fund', 'topco', 100, { since: '2017-06-30' }),
    holds('gp', 'fund', undefined, { control: true, since: '2015-01-01' }),
  ],
})

/** Fund: 20% of OpCo directly and half of HoldCo, which holds another 20%. */
export const splitHoldings = (): OwnershipGraph => ({
  reportingEntity: 'opco',
  entities: [
    entity('opco'), entity('holdco'), entity('fund', 'private_equity_fund', 'LU'),
    entity('co-investor', 'company', 'US'), entity('founder', 'person'),
  ],
  interests: [
    holds('fund', 'opco', 20), holds('holdco', 'opco', 20), holds('founder', 'opco', 60),
    holds('fund', 'holdco', 50), holds('co-investor', 'holdco', 50),
  ],
})

/** TopCo owns OpCo; a fund holds 60% of TopCo beside two managers with 30% and 10%. */
export const fundBesideManagement = (): OwnershipGraph => ({
  reportingEntity: 'opco',
  entities: [
    entity('opco'), entity('topco', 'company', 'GG'), entity('fund', 'private_equity_fund', 'KY'),
    entity('manager-a', 'person'), entity('manager-b', 'person'),
  ],
  interests: [
    holds('topco', 'opco', 100, { since: '2019-01-01' }),
    holds('fund', 'topco', 60, { since: '2019-01-01' }),
    holds('manager-a', 'topco', 30), holds('manager-b', 'topco', 10),
  ],
})

/** 51% at each of three layers: control all the way down on 13.27% of the economics. */
export const controlWithoutEconomics = (): OwnershipGraph => ({
  reportingEntity: 'opco',
  entities: [
    entity('opco'), entity('midco'), entity('topco'), entity('fund', 'private_equity_fund'),
    entity('co-investor'), entity('bank'), entity('family', 'trust'),
  ],
  interests: [
    holds('midco', 'opco', 51), holds('family', 'opco', 49),
    holds('topco', 'midco', 51), holds('bank', 'midco', 49),
    holds('fund', 'topco', 51), holds('co-investor', 'topco', 49),
  ],
})

/** The GP controls the fund (no shares); the fund holds 70% beside a founder's 30%. */
export const generalPartner = (): OwnershipGraph => ({
  reportingEntity: 'opco',
  entities: [entity('opco'), entity('fund', 'private_equity_fund', 'GB'), entity('gp', 'fund_manager', 'LU'), entity('founder', 'person')],
  interests: [
    holds('gp', 'fund', undefined, { control: true, since: '2018-03-01' }),
    holds('fund', 'opco', 70, { since: '2018-09-01' }),
    holds('founder', 'opco', 30),
  ],
})

/** A and B hold each other; fund-a owns 80% of A and fund-b 70% of B, so a root owns into the cycle. */
export const crossHoldingOwned = (): OwnershipGraph => ({
  reportingEntity: 'opco',
  entities: [entity('opco'), entity('a'), entity('b'), entity('fund-a', 'private_equity_fund'), entity('fund-b', 'private_equity_fund')],
  interests: [
    holds('a', 'opco', 60), holds('b', 'opco', 40),
    holds('a', 'b', 30), holds('b', 'a', 20),
    holds('fund-a', 'a', 80), holds('fund-b', 'b', 70),
  ],
})

/** A and B hold 60% of each other and nobody declares the rest: opacity. */
export const crossHoldingUnowned = (): OwnershipGraph => ({
  reportingEntity: 'opco',
  entities: [entity('opco'), entity('a', 'company', 'VG'), entity('b', 'company', 'VG'), entity('founder', 'person')],
  interests: [holds('a', 'opco', 70), holds('founder', 'opco', 30), holds('a', 'b', 60), holds('b', 'a', 60)],
})

/** 40% to a fund, 30% to a person, 30% nobody declares. */
export const undeclaredRemainder = (): OwnershipGraph => ({
  reportingEntity: 'opco',
  entities: [entity('opco'), entity('fund', 'private_equity_fund'), entity('founder', 'person')],
  interests: [holds('fund', 'opco', 40), holds('founder', 'opco', 30)],
})

/** Three equal holders of TopCo, which owns OpCo: thirds. */
export const thirds = (): OwnershipGraph => ({
  reportingEntity: 'opco',
  entities: [entity('opco'), entity('topco'), entity('x', 'person'), entity('y', 'person'), entity('z', 'person')],
  interests: [holds('topco', 'opco', 100), holds('x', 'topco', 100 / 3), holds('y', 'topco', 100 / 3), holds('z', 'topco', 100 / 3)],
})

/** A charity filing for itself: one entity, no interests. */
export const charity = (): OwnershipGraph => ({
  reportingEntity: 'charity',
  entities: [entity('charity', 'charity', 'GB', { companyNumber: '03000001' })],
  interests: [],
})

/**
 * A person holds 60% of OpCo through TopCo (the indirect interest summarises the chain, whose legs
 * are declared too) and 5% directly; others hold 35%.
 */
export const indirectChain = (): OwnershipGraph => ({
  reportingEntity: 'opco',
  entities: [entity('opco'), entity('topco', 'company', 'IM'), entity('owner', 'person'), entity('others', 'company')],
  interests: [
    holds('owner', 'topco', 100),
    holds('topco', 'opco', 60),
    holds('owner', 'opco', 5),
    holds('others', 'opco', 35),
    holds('owner', 'opco', 60, { indirect: true, through: ['topco'] }),
  ],
})

/** A council's company: a state body holds it all; an anonymous investor holds a slice of the council's company. */
export const publicAndAnonymous = (): OwnershipGraph => ({
  reportingEntity: 'opco',
  entities: [
    entity('opco'), entity('council', 'public_body'), entity('anon', 'person', 'GB', { name: 'Withheld investor', unidentified: 'anonymous' }),
  ],
  interests: [holds('council', 'opco', 70), holds('anon', 'opco', 30)],
})

export const structures: Record<string, () => OwnershipGraph> = {
  plainChain, splitHoldings, fundBesideManagement, controlWithoutEconomics, generalPartner, crossHoldingOwned,
  crossHoldingUnowned, undeclaredRemainder, thirds, charity, indirectChain, publicAndAnonymous,
}
