// Why a document cannot be read as filed accounts. The route turns this into a 422 problem.

export interface IxbrlProblem {
  /** where in the document, as `line:column`, when the problem is at one place */
  pointer?: string
  detail: string
}

export class IxbrlError extends Error {
  override readonly name = 'IxbrlError'
  readonly problems: IxbrlProblem[]
  /** what the document lacks: `ix:header`, `xbrli:context`, or the accounts fields it has no concept for */
  readonly missing: string[]

  constructor (message: string, detail: { problems?: IxbrlProblem[]; missing?: string[] } = {}) {
    super(message)
    this.problems = detail.problems ?? [{ detail: message }]
    this.missing = detail.missing ?? []
  }
}
