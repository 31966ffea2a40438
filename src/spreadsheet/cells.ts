// Cells as a finance team names them: `Facilities!F3`, `'Related parties'!D2`.
import { columnLetters } from './ooxml.js'

/** A sheet name as a formula or the Name Box takes it: quoted when it is more than letters and digits. */
export const sheetRef = (sheet: string) =>
  /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`

export const cellRef = (sheet: string, col: number, row: number) => `${sheetRef(sheet)}!${columnLetters(col)}${row}`

/** Maps a JSON pointer into the return to the cell it came from, or would go in. */
export type CellOf = (pointer: string) => string

/** Each problem with the cell its pointer names (schema and domain problems alike). */
export const withCells = <P extends { pointer: string }>(problems: readonly P[], cellOf: CellOf): (P & { cell: string })[] =>
  problems.map((p) => ({ ...p, cell: cellOf(p.pointer) }))
