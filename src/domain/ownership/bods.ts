// Ownership filed or published as BODS 0.4 (Open Ownership's Beneficial Ownership Data Standard).
export { validateBods, bodsSchemas, BODS_STATEMENTS_SCHEMA_ID } from './bods-schema.js'
export { bodsToGraph, checkBods, CONTROL_TYPES, UNKNOWN_JURISDICTION, type BodsReading } from './bods-read.js'
export { graphToBods, statementIdOf, type BodsPublication } from './bods-write.js'
