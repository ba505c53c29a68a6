import { readFile } from 'node:fs/promises'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { parseCsv } from '../people/parse-csv.ts'
import type { CalendarImportFormat, CalendarMessageCode, CalendarMessageParams } from './calendar-import-format.ts'

/** The header must be within this many rows: some sheets start with a title row or two. */
const HEADER_SEARCH_ROWS = 10

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

/** One data row: its row number in the sheet, and its cells by header. */
export interface CalendarRow {
  readonly row: number
  readonly cells: Readonly<Record<string, string>>
}

export interface CalendarTable {
  readonly headers: readonly string[]
  readonly rows: readonly CalendarRow[]
}

/** A calendar file's type, from its extension: only .xlsx and .csv are read. */
export function calendarFileType(file: string): 'xlsx' | 'csv' {
  const extension = path.extname(file).toLowerCase()
  if (extension !== '.xlsx' && extension !== '.csv') throw new CalendarFileError('FILE_TYPE', { file })
  return extension === '.xlsx' ? 'xlsx' : 'csv'
}

/**
 * Reads a calendar file into its header and rows. Date cells of a workbook come as YYYY-MM-DD
 * (ExcelJS gives them as the UTC midnight of the day shown); a CSV is UTF-8, or GBK as Excel on
 * Chinese Windows saves it when that yields a header.
 */
export async function readCalendarTable(file: string, format: CalendarImportFormat): Promise<CalendarTable> {
  const grid = calendarFileType(file) === 'xlsx' ? await readSheet(file) : await readCsv(file, format)
  const table = findHeader(grid, format)
  if (!table) throw new CalendarFileError('FILE_NO_HEADER', { column: format.columns.date[0]! })
  return table
}

async function readSheet(file: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.readFile(file)
  } catch (error) {
    throw new CalendarFileError('FILE_UNREADABLE', { file, error: (error as Error).message })
  }
  const grid: string[][] = []
  workbook.worksheets[0]?.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => (values[column - 1] = cellText(cell)))
    grid[rowNumber - 1] = Array.from(values, (v) => v ?? '')
  })
  return Array.from(grid, (values) => values ?? [])
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value
  const shown = value !== null && typeof value === 'object' && 'result' in value ? value.result : value
  return shown instanceof Date ? shown.toISOString().slice(0, 10) : (cell.text ?? '')
}

async function readCsv(file: string, format: CalendarImportFormat): Promise<string[][]> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw new CalendarFileError('FILE_UNREADABLE', { file, error: (error as Error).message })
  }
  try {
    return parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, ''))
  } catch {
    const grid = parseCsv(new TextDecoder('gbk').decode(bytes))
    if (!findHeader(grid, format)) throw new CalendarFileError('FILE_NOT_UTF8', { file })
    return grid
  }
}

/** The first row, of the first few, that names the date column is the header; the rows below it are data. */
function findHeader(grid: readonly string[][], format: CalendarImportFormat): CalendarTable | undefined {
  const index = grid.slice(0, HEADER_SEARCH_ROWS).findIndex((values) => values.some((v) => format.field(v) === 'date'))
  if (index < 0) return undefined
  const headers = grid[index]!
  const rows = grid.slice(index + 1).map((values, i) => {
    const cells: Record<string, string> = {}
    headers.forEach((header, column) => {
      if (header.trim() !== '' && !Object.hasOwn(cells, header)) cells[header] = values[column] ?? ''
    })
    return { row: index + i + 2, cells }
  })
  return { headers, rows }
}
