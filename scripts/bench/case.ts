// What a bench case is: a figure the service reaches, a baseline measured in the same run that does
// the least work the case could do (its floor), and a goal written as a ratio to that baseline.
// The host this runs on is shared and its speed moves by a factor of three from one day to the
// next; a ratio to a floor measured beside the case moves far less, so goals are ratios only and
// the absolute figures are kept for reading.
//
// A case is one module (scripts/bench/cases/*.ts) that declares its goals and returns its
// comparisons; the runner (scripts/bench.ts) works out the ratios, checks the goals, prints the
// table and writes bench/results.json. Expensive set-up that several cases share (a seeded market
// and the service on it) is a fixture, set up for the first case that uses it and torn down after
// the last.
import { median, type BenchKeys } from './harness.js'

/** An absolute figure, for reading. */
export interface Quantity { amount: number; unit: string }

export interface Goal {
  /** the comparison this bounds; a case with one comparison leaves it out */
  metric?: string
  /** '>=' for rates (higher is better), '<=' for times and latencies */
  op: '>=' | '<='
  factor: number
  /** the baseline in the goal's words: 'floor', 'p50 at 100', 'bare XML parse' */
  of: string
}

export const atLeast = (factor: number, of: string, metric?: string): Goal => ({ op: '>=', factor, of, metric })
export const atMost = (factor: number, of: string, metric?: string): Goal => ({ op: '<=', factor, of, metric })
export const goalText = (g: Goal) => `${g.op} ${g.factor}x ${g.of}`

/** One figure of the case beside its baseline's, both from this run. */
export interface Comparison {
  metric?: string
  /** the case's figure over the run (the median of its rounds) */
  value: Quantity
  baseline: Quantity
  /**
   * The rounds, each the case's figure beside the baseline's measured just before it. When given,
   * the ratio is the median of the rounds' ratios: a round's two figures share the host's load of
   * the moment, so its ratio is steadier than the ratio of two medians taken over a changing load.
   */
  rounds?: { value: number; baseline: number }[]
  /** anything else worth reading beside the row (rounds, CPU per request, seeding) */
  note?: string
}

/** Expensive state shared by cases: created once, torn down after the last case that uses it. */
export interface Fixture<T> {
  name: string
  setup(ctx: { keys: BenchKeys; log: (line: string) => void }): Promise<T>
  teardown(value: T): Promise<void>
}

export interface CaseContext {
  keys: BenchKeys
  /** the fixture's value (it must be listed in the case's `uses`) */
  use: <T>(fixture: Fixture<T>) => Promise<T>
  /** a line of detail under the case's heading */
  log: (line: string) => void
}

export interface BenchCase {
  /** as results and the command line name it: 'filing', 'register page' */
  name: string
  /** other names the command line takes (an old name) */
  aliases?: readonly string[]
  /** what is measured, in a line */
  measures: string
  /** what the baseline does, in a line (why it is the least work the case could do: bench/README.md) */
  baseline: string
  /** one goal per comparison the case returns */
  goals: readonly Goal[]
  /**
   * whether the case serves HTTP under load: `http` on the command line names it, and the runner
   * measures the host's framework ceiling once, for reading
   */
  http?: boolean
  uses?: readonly Fixture<unknown>[]
  run: (ctx: CaseContext) => Promise<Comparison[]>
}

/** Identity, for the type: `export default benchCase({ … })`. */
export const benchCase = (c: BenchCase) => c

/** A row of bench/results.json and of the printed table. */
export interface ResultRow {
  case: string
  value: Quantity
  baseline: Quantity
  /** the median of the rounds' ratios when the case gives rounds, else value / baseline */
  ratio: number
  /** each round's ratio, when the case gives rounds */
  roundRatios?: number[]
  goal: string
  met: boolean
  measures: string
  baselineIs: string
  note?: string
  /** the host's load average (1, 5, 15 min) when the case started */
  loadAverage: number[]
}

/** The case's rows: one per goal, each matched with the comparison of the same metric. */
export function rowsFor(c: BenchCase, comparisons: Comparison[], loadAverage: number[]): ResultRow[] {
  return c.goals.map((goal) => {
    const found = comparisons.find((x) => x.metric === goal.metric)
    if (!found) throw new Error(`case ${c.name}: no comparison for its goal ${goalText(goal)}${goal.metric ? ` (${goal.metric})` : ''}`)
    if (found.value.unit !== found.baseline.unit) throw new Error(`case ${c.name}: ${found.value.unit} compared with ${found.baseline.unit}`)
    const roundRatios = found.rounds?.map((r) => r.value / r.baseline)
    const ratio = roundRatios?.length ? median(roundRatios) : found.value.amount / found.baseline.amount
    return {
      case: goal.metric ? `${c.name} ${goal.metric}` : c.name,
      value: found.value,
      baseline: found.baseline,
      ratio,
      ...(roundRatios ? { roundRatios: roundRatios.map((r) => Math.round(r * 1000) / 1000) } : {}),
      goal: goalText(goal),
      met: Number.isFinite(ratio) && (goal.op === '>=' ? ratio >= goal.factor : ratio <= goal.factor),
      measures: c.measures,
      baselineIs: c.baseline,
      ...(found.note ? { note: found.note } : {}),
      loadAverage,
    }
  })
}
