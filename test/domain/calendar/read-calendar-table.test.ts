import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCalendarImportFormat } from '../../../src/domain/calendar/calendar-import-format.ts'
import { parseCalendarTable } from '../../../src/domain/calendar/parse-calendar-table.ts'
import { CalendarFileError, readCalendarTable } from '../../../src/domain/calendar/read-calendar-table.ts'

const format = loadCalendarImportFormat()
const dir = mkdtempSync(path.join(tmpdir(), 'liaison-calendar-read-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const file = (name: string, content: string | Buffer) => {
  const target = path.join(dir, name)
  writeFileSync(target, content)
  return target
}

/** GBK bytes of the characters below, as Excel's "CSV (逗号分隔)" writes them on Chinese Windows. */
const GBK: Record<string, string> = { 日: 'c8d5', 期: 'c6da', 类: 'c0e0', 型: 'd0cd', 说: 'cbb5', 明: 'c3f7', 休: 'd0dd', 息: 'cfa2', 校: 'd0a3', 庆: 'c7ec' }
const gbk = (text: string) => Buffer.concat([...text].map((c) => (GBK[c] ? Buffer.from(GBK[c], 'hex') : Buffer.from(c, 'ascii'))))

async function fileError(promise: Promise<unknown>): Promise<{ code: string; params: unknown }> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(CalendarFileError)
  const { code, params } = error as CalendarFileError
  return { code, params }
}

describe('readCalendarTable', () => {
  it('reads a workbook with date cells, text dates and serial numbers below a title row', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('2027年放假安排')
    sheet.addRow(['2027 年补充日历'])
    sheet.addRow(['日期', '类型', '说明'])
    sheet.addRow([new Date(Date.UTC(2027, 0, 1)), '节假日', '元旦'])
    sheet.getCell('A3').numFmt = 'yyyy/m/d'
    sheet.addRow([])
    sheet.addRow(['2027/2/6', '调休上班', '春节'])
    sheet.addRow([46447, '休息日', '校庆'])
    const target = path.join(dir, 'calendar.xlsx')
    await workbook.xlsx.writeFile(target)

    const table = await readCalendarTable(target, format)
    expect(table.headers).toEqual(['日期', '类型', '说明'])
    expect(parseCalendarTable(table, format).days).toEqual([
      { row: 3, date: '2027-01-01', working: false, note: '元旦' },
      { row: 5, date: '2027-02-06', working: true, note: '春节' },
      { row: 6, date: '2027-03-01', working: false, note: '校庆' },
    ])
  })

  it('reads a UTF-8 CSV with the BOM Excel writes', async () => {
    const table = await readCalendarTable(file('utf8.csv', '\ufeff日期,类型,说明\r\n2026-11-06,休息日,"校运会, 停课"\r\n'), format)
    expect(table).toEqual({ headers: ['日期', '类型', '说明'], rows: [{ row: 2, cells: { 日期: '2026-11-06', 类型: '休息日', 说明: '校运会, 停课' } }] })
  })

  it('reads a CSV saved in GBK', async () => {
    const table = await readCalendarTable(file('gbk.csv', gbk('日期,类型,说明\r\n2026-11-06,休息日,校庆\r\n')), format)
    expect(table.rows).toEqual([{ row: 2, cells: { 日期: '2026-11-06', 类型: '休息日', 说明: '校庆' } }])
  })

  it('refuses other file types, unreadable files and files without a header', async () => {
    expect(await fileError(readCalendarTable(file('calendar.xls', 'x'), format))).toEqual({ code: 'FILE_TYPE', params: { file: path.join(dir, 'calendar.xls') } })
    expect(await fileError(readCalendarTable(path.join(dir, 'missing.csv'), format))).toMatchObject({ code: 'FILE_UNREADABLE' })
    expect(await fileError(readCalendarTable(file('latin1.csv', Buffer.from('Date,Caf\xe9\n', 'latin1')), format))).toMatchObject({ code: 'FILE_NOT_UTF8' })
    expect(await fileError(readCalendarTable(file('no-header.csv', '放假安排\n2027-01-01,节假日\n'), format))).toEqual({ code: 'FILE_NO_HEADER', params: { column: '日期' } })
  })
})
