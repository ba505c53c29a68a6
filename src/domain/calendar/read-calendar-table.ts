import { readTable, type Table, type TableFileCode } from '../tables/read-table.ts'
import type { CalendarImportFormat, CalendarMessageCode, CalendarMessageParams } from './calendar-import-format.ts'

/** A calendar file that cannot be read at all; `code` names its Chinese text in calendar-import.yaml. */
export class CalendarFileError extends Error {
  constructor(
    readonly code: CalendarMessageCode,
    readonly params: CalendarMessageParams,
  ) {
    super(`calendar file error ${code}: ${JSON.stringify(params)}`)
    this.name = 'CalendarFileError'
  }
}

export type CalendarTable = Pick<Table, 'headers' | 'rows'>

/** Reads a calendar file (.xlsx or .csv) into its header and rows: the header is the row naming the date column. */
export async function readCalendarTable(file: string, format: CalendarImportFormat): Promise<CalendarTable> {
  const { headers, rows } = await readTable(file, {
    isKeyColumn: (cell) => format.field(cell) === 'date',
    keyColumn: format.columns.date[0]!,
    error: (code: TableFileCode, params: CalendarMessageParams) => new CalendarFileError(code, params),
  })
  return { headers, rows }
}
