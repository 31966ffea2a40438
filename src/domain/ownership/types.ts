// The ownership graph a group files, and what resolving it yields (RULES.md, "Ownership resolution").

export type EntityKind =
  | 'company' | 'private_equity_fund' | 'fund_manager' | 'trust' | 'person' | 'public_body' | 'charity' | 'other'

export interface OwnershipEntity {
  ref: string
  name: string
  kind: EntityKind
  /** ISO 3166-1 alpha-2 */
  jurisdiction: string
  companyNumber?: string
  since?: string
  /**
   * Its identity is withheld (`anonymous`) or not known (`unknown`), as BODS says of anonymous and
   * unknown parties. What it holds stays unresolved: it is never a root, so never an ultimate
   * controller, and its share does not count toward `resolvedPct`.
   */
  unidentified?: 'anonymous' | 'unknown'
}

export interface OwnershipInterest {
  owner: string
  owned: string
  sharesPct?: number
  votingPct?: number
  control?: boolean
  since?: string
  /**
   * The interest summarises the owner's holding in `owned` through intermediaries (BODS
   * `directOrIndirect: "indirect"`): it is the whole of that chain, not one more holding.
   * - The owner's figure takes the declared weight instead of the chain's legs: the owner's own
   *   interests into the `through` entities are not counted for it (they are already inside the
   *   summary), though they still mark those entities as owned.
   * - The `through` entities count as owned through it, so none of them is a root.
   * - It is left out of the "more than 100%" check on `owned` (the chain's last leg is already there).
   * - On a path it stands for `through.length + 1` interests and passes through the `through` entities.
   */
  indirect?: boolean
  /** the intermediaries of an indirect interest, from the owner's side down, when known */
  through?: string[]
}

export interface OwnershipGraph {
  reportingEntity: string
  entities: OwnershipEntity[]
  interests: OwnershipInterest[]
}

export interface ResolvedEntity {
  ref: string
  name: string
  kind: EntityKind
  jurisdiction: string
  /** share of the reporting entity owned through every path, 0–100, unrounded */
  effectivePct: number
  /** a path of controlling interests leads from this entity to the reporting entity */
  controls: boolean
  /** no interest of known weight owns it */
  root: boolean
  /** `effectivePct` to two decimals; the roots' figures are rounded so that they add up to `resolvedPctRounded` */
  effectivePctRounded: number
}

export interface UltimateController {
  ref: string
  name: string
  kind: EntityKind
  jurisdiction: string
  effectivePct: number
  /** as on the controller's ResolvedEntity */
  effectivePctRounded: number
  controls: boolean
  /** heaviest path, from the controller down to the reporting entity (refs) */
  path: string[]
}

export interface OwnershipCycle {
  refs: string[]
  /** some root owns into the cycle (then it resolves); otherwise it is opacity */
  ownedByRoot: boolean
}

/** A private-equity holder (kind private_equity_fund or fund_manager) with ≥ 25% or control. */
export interface PrivateEquityHolder {
  ref: string
  name: string
  effectivePct: number
  controls: boolean
  /** the latest `since` along its strongest path; undefined when no interest on it has one */
  heldSince?: string
}

export interface OwnershipResolution {
  reportingEntity: string
  entities: ResolvedEntity[]
  ultimateControllers: UltimateController[]
  resolvedPct: number
  /** `resolvedPct` to two decimals */
  resolvedPctRounded: number
  peBacked: boolean
  peHolders: PrivateEquityHolder[]
  offshore: boolean
  /** the most interests on any path from an ultimate controller to the reporting entity */
  depth: number
  cycles: OwnershipCycle[]
  /** notes on how the figures were read, e.g. a BODS share range taken at its minimum */
  notes: string[]
}
