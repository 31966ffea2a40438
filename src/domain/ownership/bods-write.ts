// Publishing an ownership graph as BODS 0.4 statements: one entity or person statement per entity,
// one relationship statement per interest. Record ids are the graph's refs (relationships:
// `owner/owned`), so bodsToGraph reads back the same graph; statement ids are a hash of the
// filing's seed and the record, so the same filing always publishes the same ids.
//
// Kinds BODS has no entity type for (private equity fund, fund manager, charity, other) are named in
// `entityType.details` ("private equity fund"); trusts are arrangements of subtype trust; public
// bodies state bodies. An indirect interest lists as its `componentRecords` its intermediaries'
// records and the relationships among {owner, intermediaries, owned} that make up the chain; those
// are marked `isComponent` and come before it.

import { createHash } from 'node:crypto'
import { kindDetails, UNKNOWN_JURISDICTION } from './bods-read.js'
import type { OwnershipEntity, OwnershipGraph, OwnershipInterest } from './types.js'

export interface BodsPublication {
  /** YYYY-MM-DD */
  publicationDate: string
  publisherName: string
  /** identifies the filing (e.g. the return's id): statement ids derive from it */
  idSeed: string
  /** when the statements were declared; the publication date unless given */
  statementDate?: string
}

const COUNTRIES: Record<string, string> = {
  GB: 'United Kingdom', JE: 'Jersey', GG: 'Guernsey', IM: 'Isle of Man', KY: 'Cayman Islands',
  VG: 'British Virgin Islands', BM: 'Bermuda', LU: 'Luxembourg', IE: 'Ireland', US: 'United States',
  NL: 'Netherlands', FR: 'France', DE: 'Germany', CH: 'Switzerland', CA: 'Canada', SG: 'Singapore',
}

const country = (code: string) => ({ name: COUNTRIES[code.toUpperCase()] ?? code, code: code.toUpperCase() })
const knownCountry = (code: string) => code.length === 2 && code.toUpperCase() !== UNKNOWN_JURISDICTION

export const statementIdOf = (idSeed: string, recordType: string, recordId: string) =>
  createHash('sha256').update(`${idSeed}\u0000${recordType}\u0000${recordId}`).digest('hex')

export const graphToBods = (graph: OwnershipGraph, opts: BodsPublication): unknown[] => {
  const declared = new Map<string, OwnershipEntity>()
  for (const e of graph.entities) if (!declared.has(e.ref)) declared.set(e.ref, e)
  const statement = (recordType: 'entity' | 'person' | 'relationship', recordId: string, recordDetails: object) => ({
    statementId: statementIdOf(opts.idSeed, recordType, recordId),
    declarationSubject: graph.reportingEntity,
    statementDate: opts.statementDate ?? opts.publicationDate,
    recordId,
    recordType,
    recordStatus: 'new',
    recordDetails,
    publicationDetails: { publicationDate: opts.publicationDate, bodsVersion: '0.4', publisher: { name: opts.publisherName } },
    source: { type: ['selfDeclaration'], description: 'Filed by the provider group in its annual return' },
  })

  const interests = graph.interests.filter(i => declared.has(i.owner) && declared.has(i.owned))
  const used = new Set<string>()
  const recordIds = interests.map(i => {
    let id = `${i.owner}/${i.owned}`
    for (let n = 2; used.has(id); n++) id = `${i.owner}/${i.owned}#${n}`
    used.add(id)
    return id
  })

  // each indirect interest's chain: its intermediaries and the legs among them
  const componentEntities = new Set<string>()
  const componentRelationships = new Set<number>()
  const chains = new Map<number, string[]>()
  interests.forEach((i, k) => {
    if (!i.indirect) return
    const through = (i.through ?? []).filter(ref => declared.has(ref) && ref !== i.owner && ref !== i.owned)
    const above = new Set([i.owner, ...through])
    const below = new Set([...through, i.owned])
    const legs: number[] = []
    interests.forEach((j, l) => {
      if (j.indirect || !above.has(j.owner) || !below.has(j.owned) || (j.owner === i.owner && j.owned === i.owned)) return
      legs.push(l)
    })
    through.forEach(ref => componentEntities.add(ref))
    legs.forEach(l => componentRelationships.add(l))
    chains.set(k, [...through, ...legs.map(l => recordIds[l])])
  })

  const parties = [...declared.values()]
    .map(e => e.kind === 'person'
      ? statement('person', e.ref, personDetails(e, componentEntities.has(e.ref)))
      : statement('entity', e.ref, entityDetails(e, componentEntities.has(e.ref))))
  const relationship = (i: OwnershipInterest, k: number) => statement('relationship', recordIds[k], {
    isComponent: componentRelationships.has(k),
    ...(chains.has(k) ? { componentRecords: chains.get(k) } : {}),
    subject: i.owned,
    interestedParty: i.owner,
    interests: interestsOf(i),
  })
  // components come before the indirect relationships they make up
  return [
    ...parties,
    ...interests.flatMap((i, k) => (i.indirect ? [] : [relationship(i, k)])),
    ...interests.flatMap((i, k) => (i.indirect ? [relationship(i, k)] : [])),
  ]
}

const entityDetails = (e: OwnershipEntity, isComponent: boolean) => {
  const registered = e.companyNumber ? 'registeredEntity' : 'legalEntity'
  const entityType = e.unidentified
    ? { type: e.unidentified === 'anonymous' ? 'anonymousEntity' : 'unknownEntity', ...(e.kind !== 'other' ? { details: kindDetails(e.kind) } : {}) }
    : e.kind === 'public_body' ? { type: 'stateBody' }
      : e.kind === 'trust' ? { type: 'arrangement', subtype: 'trust' }
        : e.kind === 'company' ? { type: registered }
          : { type: registered, details: kindDetails(e.kind) }
  return {
    isComponent,
    entityType,
    ...(e.unidentified
      ? { unspecifiedEntityDetails: { reason: 'unknown', description: e.name } }
      : { name: e.name }),
    ...(knownCountry(e.jurisdiction) ? { jurisdiction: country(e.jurisdiction) } : {}),
    ...(e.companyNumber
      ? {
          identifiers: [e.jurisdiction.toUpperCase() === 'GB'
            ? { id: e.companyNumber, scheme: 'GB-COH', schemeName: 'Companies House' }
            : { id: e.companyNumber, schemeName: `Company register (${e.jurisdiction.toUpperCase()})` }],
        }
      : {}),
  }
}

const personDetails = (e: OwnershipEntity, isComponent: boolean) => ({
  isComponent,
  ...(e.unidentified
    ? {
        personType: e.unidentified === 'anonymous' ? 'anonymousPerson' : 'unknownPerson',
        unspecifiedPersonDetails: { reason: 'unknown', description: e.name },
      }
    : { personType: 'knownPerson', names: [{ type: 'legal', fullName: e.name }] }),
  ...(knownCountry(e.jurisdiction) ? { nationalities: [country(e.jurisdiction)] } : {}),
})

const interestsOf = (i: OwnershipInterest) => {
  const base = { directOrIndirect: i.indirect ? 'indirect' : 'direct', ...(i.since ? { startDate: i.since } : {}) }
  const list: object[] = []
  if (typeof i.sharesPct === 'number') list.push({ type: 'shareholding', ...base, share: { exact: i.sharesPct } })
  if (typeof i.votingPct === 'number') list.push({ type: 'votingRights', ...base, share: { exact: i.votingPct } })
  if (i.control) list.push({ type: 'otherInfluenceOrControl', ...base })
  if (!list.length) list.push({ type: 'unknownInterest', ...base })
  return list
}
