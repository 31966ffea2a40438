import type { BenchResult } from '../bench.js'

// Filled in when the iXBRL reader lands.
export async function ixbrlCases(): Promise<BenchResult[]> {
  return []
}
