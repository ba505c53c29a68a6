import { CALENDAR_FIELDS, type CalendarField, type CalendarImportFormat, type CalendarMessageCode, type CalendarMessageParams } from './calendar-import-format.ts'
import type { CalendarDay } from './calendar-overrides.ts'
import type { CalendarTable } from './read-calendar-table.ts'
import { addDays, isShanghaiDate, type ShanghaiDate } from './shanghai-date.ts'

export interface CalendarRowProblem {
  readonly row: number
  readonly reasons: readonly string[]
}

export interface ParsedCalendar {
  readonly days: ReadonlyArray<CalendarDay & { readonly row: number }>
  readonly refused: readonly CalendarRowProblem[]
  /** Required columns the file lacks (by their Chinese name): the file cannot be imported at all. */
  readonly missingColumns: readonly string[]
  readonly ignoredColumns: readonly string[]
}

const REQUIRED: readonly CalendarField[] = ['date', 'kind']
/** Excel's serial numbers of 2000-01-01 and 2099-12-31: a number outside them is no date someone meant. */
const SERIALS = { first: 36526, last: 73050 }

/** Checks every row of a calendar file and says which days it sets and why the other rows are refused (in Chinese). Pure. */
export function parseCalendarTable(table: CalendarTable, format: CalendarImportFormat): ParsedCalendar {
  const columnOf = new Map<CalendarField, string>()
  const ignoredColumns: string[] = []
  for (const header of table.headers) {
    const field = format.field(header)
    if (field && !columnOf.has(field)) columnOf.set(field, header)
    else if (header.trim() !== '') ignoredColumns.push(header)
  }
  const missingColumns = REQUIRED.filter((f) => !columnOf.has(f)).map((f) => format.columns[f][0]!)
  if (missingColumns.length > 0) return { days: [], refused: [], missingColumns, ignoredColumns }

  const say = (code: CalendarMessageCode, params?: CalendarMessageParams) => format.text(code, params)
  const accepted = format.acceptedKinds().join('、')
  const days: Array<CalendarDay & { row: number }> = []
  const refused: CalendarRowProblem[] = []
  for (const { row, cells } of table.rows) {
    const cell = (field: CalendarField) => (columnOf.has(field) ? (cells[columnOf.get(field)!] ?? '') : '').replace(/\s+/g, ' ').trim()
    if (CALENDAR_FIELDS.every((f) => cell(f) === '')) continue
    const reasons: string[] = []
    const written = cell('date')
    const date = parseCalendarDate(written)
    if (written === '') reasons.push(say('DATE_MISSING'))
    else if (!date) reasons.push(say('DATE_INVALID', { date: written }))
    const kind = cell('kind')
    const working = format.working(kind)
    if (kind === '') reasons.push(say('KIND_MISSING', { accepted }))
    else if (working === undefined) reasons.push(say('KIND_UNKNOWN', { kind, accepted }))
    const earlier = date ? days.find((d) => d.date === date) : undefined
    if (earlier) reasons.push(say('DATE_DUPLICATE', { date: date!, row: earlier.row }))
    if (reasons.length > 0) refused.push({ row, reasons })
    else days.push({ row, date: date!, working: working!, note: cell('note') })
  }
  return { days, refused, missingColumns: [], ignoredColumns }
}

/**
 * A date as admins type it: 2027-01-01, 2027/1/1, 2027.1.1, 2027年1月1日 (a time after it is
 * ignored), or an Excel serial number, which a CSV saved from a sheet of date cells may hold.
 */
export function parseCalendarDate(text: string): ShanghaiDate | undefined {
  const written = text.normalize('NFKC').trim()
  const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(written)
  if (parts) {
    const date = `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}`
    return isShanghaiDate(date) ? date : undefined
  }
  if (/^\d{5}(?:\.0+)?$/.test(written)) {
    const serial = Number(written)
    // Serial 1 is 1900-01-01 and Excel counts a 1900-02-29 that never was, so day 0 is 1899-12-30.
    if (serial >= SERIALS.first && serial <= SERIALS.last) return addDays('1899-12-30', serial)
  }
  return undefined
}
