import { readFile } from 'node:fs/promises'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { parseCsv } from './parse-csv.ts'

/** The header must be within this many rows: some sheets start with a title row or two. */
const HEADER_SEARCH_ROWS = 10

/** Why a file could not be read at all; each tool words these in its own texts. */
export type TableFileCode = 'FILE_TYPE' | 'FILE_UNREADABLE' | 'FILE_NOT_UTF8' | 'FILE_NO_HEADER'

/** One data row: its row number in the sheet, and its cells by header. */
export interface TableRow {
  readonly row: number
  readonly cells: Readonly<Record<string, string>>
}

export interface Table {
  readonly headers: readonly string[]
  readonly rows: readonly TableRow[]
  /** gbk when a CSV was saved in Excel's legacy Chinese encoding and read as such. */
  readonly encoding: 'utf-8' | 'gbk' | 'xlsx'
}

/** What one kind of table (a roster, a calendar) is read with. */
export interface TableKind {
  /** Whether a cell names the column a header row must have. */
  readonly isKeyColumn: (cell: string) => boolean
  /** That column's name, for the error when no header is found. */
  readonly keyColumn: string
  /** Sheets a workbook's table may be on, otherwise the first sheet. */
  readonly sheets?: readonly string[]
  /** The tool's own error for a file it cannot read. */
  readonly error: (code: TableFileCode, params: Record<string, string>) => Error
}

interface GridRow {
  readonly row: number
  readonly values: readonly string[]
}

/** A table file's type, from its extension: only .xlsx and .csv are read. */
export function tableFileType(file: string, error: TableKind['error']): 'xlsx' | 'csv' {
  const extension = path.extname(file).toLowerCase()
  if (extension !== '.xlsx' && extension !== '.csv') throw error('FILE_TYPE', { file })
  return extension === '.xlsx' ? 'xlsx' : 'csv'
}

/**
 * Reads an .xlsx or .csv file into its header and rows. Date cells of a workbook come as
 * YYYY-MM-DD (ExcelJS gives them as the UTC midnight of the day shown); a CSV is UTF-8, or GBK
 * as Excel on Chinese Windows saves it, trusted only when that yields a header.
 */
export async function readTable(file: string, kind: TableKind): Promise<Table> {
  if (tableFileType(file, kind.error) === 'xlsx') return { ...withHeader(await readSheet(file, kind), kind), encoding: 'xlsx' }
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw kind.error('FILE_UNREADABLE', { file, error: (error as Error).message })
  }
  const text = utf8(bytes)
  if (text !== undefined) return { ...withHeader(csvGrid(text), kind), encoding: 'utf-8' }
  const table = findHeader(csvGrid(new TextDecoder('gbk').decode(bytes)), kind)
  if (!table) throw kind.error('FILE_NOT_UTF8', { file })
  return { ...table, encoding: 'gbk' }
}

async function readSheet(file: string, kind: TableKind): Promise<GridRow[]> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.readFile(file)
  } catch (error) {
    throw kind.error('FILE_UNREADABLE', { file, error: (error as Error).message })
  }
  const sheet = workbook.worksheets.find((s) => kind.sheets?.includes(s.name.trim())) ?? workbook.worksheets[0]
  const grid: GridRow[] = []
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => (values[column - 1] = cellText(cell)))
    grid.push({ row: rowNumber, values: Array.from(values, (v) => v ?? '') })
  })
  return grid
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value
  const shown = value !== null && typeof value === 'object' && 'result' in value ? value.result : value
  return shown instanceof Date ? shown.toISOString().slice(0, 10) : (cell.text ?? '')
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

function withHeader(grid: readonly GridRow[], kind: TableKind): Omit<Table, 'encoding'> {
  const table = findHeader(grid, kind)
  if (!table) throw kind.error('FILE_NO_HEADER', { column: kind.keyColumn })
  return table
}

/** The first row, of the first few, that names the key column is the header; the rows below it are data. */
function findHeader(grid: readonly GridRow[], kind: TableKind): Omit<Table, 'encoding'> | undefined {
  const index = grid.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => r.values.some((v) => kind.isKeyColumn(v)))
  if (index < 0) return undefined
  const headers = grid[index]!.values
  const rows = grid.slice(index + 1).map((r) => {
    const cells: Record<string, string> = {}
    headers.forEach((header, i) => {
      if (header.trim() !== '' && !Object.hasOwn(cells, header)) cells[header] = r.values[i] ?? ''
    })
    return { row: r.row, cells }
  })
  return { headers, rows }
}
