// An assessment as it is stored: its output as exact text (a re-run on its inputs is compared to it
// byte for byte), and what it read besides the return as exact JSON text under that text's SHA-256
// (stored once however many assessments read it; the return itself is stored, immutably, on its own).
// The inputs are written as `assessmentInputs` built them, in a fixed order: the same inputs give the
// same text, so an unchanged return reassessed finds its inputs already stored.
import { hash } from 'node:crypto'
import type { Assessment } from './assess-return.js'

/** The exact text an assessment is stored as, and compared against when re-run. */
export const assessmentOutput = (a: Pick<Assessment, 'rulesetVersion' | 'metrics' | 'flags'>) =>
  JSON.stringify({ rulesetVersion: a.rulesetVersion, metrics: a.metrics, flags: a.flags })

export function storedForm(a: Assessment) {
  const { annualReturn: _filed, ...inputs } = a.inputs
  const inputsText = JSON.stringify(inputs)
  return { output: assessmentOutput(a), inputsText, inputsSha256: hash('sha256', inputsText) }
}
