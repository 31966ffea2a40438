// Ownership filed or published as BODS 0.4 (Open Ownership's Beneficial Ownership Data Standard).
import { bodsToGraph } from './bods-read.js'
import { resolveOwnership, type ResolutionSettings } from './resolve.js'
import type { OwnershipGraph, OwnershipResolution } from './types.js'

export { validateBods, bodsSchemas, BODS_STATEMENTS_SCHEMA_ID } from './bods-schema.js'
export { bodsToGraph, checkBods, CONTROL_TYPES, UNKNOWN_JURISDICTION, type BodsReading } from './bods-read.js'
export { graphToBods, statementIdOf, type BodsPublication } from './bods-write.js'

/**
 * Reads BODS statements at `asOf` and resolves them; the resolution's notes start with how the
 * statements were read (share ranges, closures), since the result must say when a range was used.
 */
export const resolveBods = (
  statements: unknown[], reportingRecordId: string, asOf: string, settings?: ResolutionSettings,
): { graph: OwnershipGraph; resolution: OwnershipResolution } => {
  const { graph, notes } = bodsToGraph(statements, reportingRecordId, asOf)
  const resolution = resolveOwnership(graph, settings)
  return { graph, resolution: { ...resolution, notes: [...notes, ...resolution.notes] } }
}
