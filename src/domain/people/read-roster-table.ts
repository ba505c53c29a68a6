import { readTable, tableFileType, type Table, type TableFileCode } from '../tables/read-table.ts'
import type { MessageParams, RosterFormat, RosterMessageCode } from './roster-format.ts'

/** Sheets a workbook's roster may be on, otherwise the first sheet; the export writes the first. */
export const ROSTER_SHEETS = ['名单', '人员', '人员名单']

/** A roster file that cannot be read at all; `code` names its Chinese text in roster.yaml. */
export class RosterFileError extends Error {
  constructor(
    readonly code: RosterMessageCode,
    readonly params: MessageParams,
  ) {
    super(`roster file error ${code}: ${JSON.stringify(params)}`)
    this.name = 'RosterFileError'
  }
}

export type ReadRosterTable = Table

const rosterFileError = (code: TableFileCode, params: MessageParams) => new RosterFileError(code, params)

/** A roster file's type, from its extension: only .xlsx and .csv are read and written. */
export function rosterFileType(file: string): 'xlsx' | 'csv' {
  return tableFileType(file, rosterFileError)
}

/** Reads the roster of an .xlsx or .csv file into its header and rows: the header is the row naming the name column. */
export function readRosterTable(file: string, format: RosterFormat): Promise<ReadRosterTable> {
  return readTable(file, { isKeyColumn: (cell) => format.field(cell) === 'name', keyColumn: format.columns.name[0]!, sheets: ROSTER_SHEETS, error: rosterFileError })
}
