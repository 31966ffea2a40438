// What an inline XBRL document says, as the reader keeps it: contexts, units and tagged facts.
// Nothing of the page around them is kept.

/** An expanded name: the namespace a prefix stood for, and the local part. */
export interface QName { namespace: string; local: string }

/** XBRL dates are kept as written, YYYY-MM-DD (a time part, rare in filings, is dropped). */
export type Period =
  | { kind: 'instant'; date: string }
  | { kind: 'duration'; start: string; end: string }
  | { kind: 'forever' }

export interface ExplicitMember { dimension: QName; member: QName }
export interface TypedMember { dimension: QName; value: string }

export interface IxbrlContext {
  id: string
  entity: { scheme: string; identifier: string }
  period: Period
  /** segment and scenario members together: XBRL treats both as the context's dimensions */
  dimensions: ExplicitMember[]
  typedDimensions: TypedMember[]
}

/** A unit is a product of measures, optionally divided by another (e.g. GBP per share). */
export interface IxbrlUnit { id: string; measures: QName[]; divideBy: QName[] }

/** Where in the document a fact was tagged (just after its start tag), for problems and for people checking a figure. */
export interface Position { line: number; column: number }

export interface NumericFact {
  id?: string
  /** the concept as written in the document, e.g. `uk-core:TurnoverRevenue` */
  name: string
  concept: QName
  contextRef: string
  unitRef: string
  /** the XBRL value after format, scale and sign; null when nil or the format says there is no content */
  value: number | null
  nil: boolean
  /** the text shown on the page, before any transform */
  displayed: string
  scale: number
  negated: boolean
  decimals: number | 'INF' | null
  format: QName | null
  hidden: boolean
  at: Position
}

export interface TextFact {
  id?: string
  name: string
  concept: QName
  contextRef: string
  /** the text, continuation chain joined and whitespace collapsed; a date transform gives YYYY-MM-DD */
  value: string
  format: QName | null
  hidden: boolean
  at: Position
}

export interface IxbrlDocument {
  contexts: ReadonlyMap<string, IxbrlContext>
  units: ReadonlyMap<string, IxbrlUnit>
  numericFacts: NumericFact[]
  textFacts: TextFact[]
}
