// An assessment as it is stored: its output as exact text (a re-run on its inputs is compared to it
// byte for byte), and what it read besides the return (stored once by content, under the SHA-256
// of its RFC 8785 text; the return itself is stored, immutably, on its own).
import { createHash } from 'node:crypto'
import type { Assessment } from './assess.js'
import { canonicalJson } from './canonical-json.js'

/** The exact text an assessment is stored as, and compared against when re-run. */
export const assessmentOutput = (a: Pick<Assessment, 'rulesetVersion' | 'metrics' | 'flags'>) =>
  JSON.stringify({ rulesetVersion: a.rulesetVersion, metrics: a.metrics, flags: a.flags })

export function storedForm(a: Assessment) {
  const { annualReturn: _filed, ...inputs } = a.inputs
  const inputsText = canonicalJson(inputs)
  return { output: assessmentOutput(a), inputsText, inputsSha256: createHash('sha256').update(inputsText).digest('hex') }
}
