import { readFile } from 'node:fs/promises'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { RosterRow, RosterTable } from './parse-roster.ts'
import { parseCsv } from './parse-csv.ts'
import type { MessageParams, RosterFormat, RosterMessageCode } from './roster-format.ts'

/** The header must be within this many rows: some sheets start with a title row or two. */
const HEADER_SEARCH_ROWS = 10
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

export interface ReadRosterTable extends RosterTable {
  /** gbk when a CSV was saved in Excel's legacy Chinese encoding and read as such. */
  readonly encoding: 'utf-8' | 'gbk' | 'xlsx'
}

interface GridRow {
  readonly row: number
  readonly values: readonly string[]
}

/** A roster file's type, from its extension: only .xlsx and .csv are read and written. */
export function rosterFileType(file: string): 'xlsx' | 'csv' {
  const extension = path.extname(file).toLowerCase()
  if (extension !== '.xlsx' && extension !== '.csv') throw new RosterFileError('FILE_TYPE', { file })
  return extension === '.xlsx' ? 'xlsx' : 'csv'
}

/** Reads the roster of an .xlsx or .csv file into its header and rows. */
export async function readRosterTable(file: string, format: RosterFormat): Promise<ReadRosterTable> {
  if (rosterFileType(file) === 'xlsx') return { ...toTable(await readSheet(file), format), encoding: 'xlsx' }
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw new RosterFileError('FILE_UNREADABLE', { file, error: (error as Error).message })
  }
  const text = utf8(bytes)
  if (text !== undefined) return { ...toTable(csvGrid(text), format), encoding: 'utf-8' }
  // Not UTF-8: Excel's "CSV (逗号分隔)" on Chinese Windows writes GBK. Trust that guess only if
  // it yields a header we know.
  const table = findHeader(csvGrid(new TextDecoder('gbk').decode(bytes)), format)
  if (!table) throw new RosterFileError('FILE_NOT_UTF8', { file })
  return { ...table, encoding: 'gbk' }
}

async function readSheet(file: string): Promise<GridRow[]> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.readFile(file)
  } catch (error) {
    throw new RosterFileError('FILE_UNREADABLE', { file, error: (error as Error).message })
  }
  const sheet = workbook.worksheets.find((s) => ROSTER_SHEETS.includes(s.name.trim())) ?? workbook.worksheets[0]
  const grid: GridRow[] = []
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => (values[column - 1] = cell.text ?? ''))
    grid.push({ row: rowNumber, values: Array.from(values, (v) => v ?? '') })
  })
  return grid
}

function utf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

function csvGrid(text: string): GridRow[] {
  return parseCsv(text.replace(/^\ufeff/, '')).map((values, i) => ({ row: i + 1, values }))
}

function toTable(grid: readonly GridRow[], format: RosterFormat): RosterTable {
  const table = findHeader(grid, format)
  if (!table) throw new RosterFileError('FILE_NO_HEADER', { column: format.columns.name[0]! })
  return table
}

/** The first row, of the first few, that names the name column is the header; the rows below it are data. */
function findHeader(grid: readonly GridRow[], format: RosterFormat): RosterTable | undefined {
  const index = grid.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => r.values.some((v) => format.field(v) === 'name'))
  if (index < 0) return undefined
  const headers = grid[index]!.values
  const rows: RosterRow[] = grid.slice(index + 1).map((r) => {
    const cells: Record<string, string> = {}
    headers.forEach((header, i) => {
      if (header.trim() !== '' && !Object.hasOwn(cells, header)) cells[header] = r.values[i] ?? ''
    })
    return { row: r.row, cells }
  })
  return { headers, rows }
}
