import { describe, expect, it } from 'vitest'
import { loadCalendarImportFormat, type CalendarMessageCode, type CalendarMessageParams } from '../../../src/domain/calendar/calendar-import-format.ts'
import { parseCalendarDate, parseCalendarTable } from '../../../src/domain/calendar/parse-calendar-table.ts'
import type { CalendarTable } from '../../../src/domain/calendar/read-calendar-table.ts'

const format = loadCalendarImportFormat()
const text = (code: CalendarMessageCode, params?: CalendarMessageParams) => format.text(code, params)
const accepted = format.acceptedKinds().join('、')

function table(rows: ReadonlyArray<Record<string, string>>, headers = ['日期', '类型', '说明']): CalendarTable {
  return { headers, rows: rows.map((cells, i) => ({ row: i + 2, cells: Object.fromEntries(headers.map((h) => [h, cells[h] ?? ''])) })) }
}

describe('parseCalendarDate', () => {
  it.each([
    ['2027-01-01', '2027-01-01'],
    ['2027/1/1', '2027-01-01'],
    ['2027-1-9', '2027-01-09'],
    ['2027.10.1', '2027-10-01'],
    ['2027年2月6日', '2027-02-06'],
    [' 2027 年 2 月 6 日 ', '2027-02-06'],
    ['２０２７／１／１', '2027-01-01'],
    ['2027/1/1 0:00:00', '2027-01-01'],
    ['2028-02-29', '2028-02-29'],
    ['46388', '2027-01-01'], // an Excel serial number
    ['46447.0', '2027-03-01'],
    ['36526', '2000-01-01'],
  ])('%j is %s', (written, date) => {
    expect(parseCalendarDate(written)).toBe(date)
  })

  it.each(['', '2027-02-29', '2027-13-01', '2027-1', '1/1/2027', '明年元旦', '12345', '2027-01-01 上午', '99999'])('%j is no date', (written) => {
    expect(parseCalendarDate(written)).toBeUndefined()
  })
})

describe('parseCalendarTable', () => {
  it('takes each day with its type and note', () => {
    const parsed = parseCalendarTable(
      table([
        { 日期: '2027-01-01', 类型: '节假日', 说明: '元旦' },
        { 日期: '2027/2/6', 类型: '调休上班', 说明: ' 春节 调休 ' },
        {},
        { 日期: '2026-11-06', 类型: '休息日' },
        { 日期: '2026-11-14', 类型: '工作日', 说明: '校运会调课' },
        { 日期: '2026-11-15', 类型: ' 补班 ' },
      ]),
      format,
    )
    expect(parsed).toEqual({
      days: [
        { row: 2, date: '2027-01-01', working: false, note: '元旦' },
        { row: 3, date: '2027-02-06', working: true, note: '春节 调休' },
        { row: 5, date: '2026-11-06', working: false, note: '' },
        { row: 6, date: '2026-11-14', working: true, note: '校运会调课' },
        { row: 7, date: '2026-11-15', working: true, note: '' },
      ],
      refused: [],
      missingColumns: [],
      ignoredColumns: [],
    })
  })

  it('refuses each bad row with every reason, by the row Excel shows', () => {
    const parsed = parseCalendarTable(
      table([
        { 日期: '2027-01-01', 类型: '节假日' },
        { 类型: '节假日', 说明: '没写日期' },
        { 日期: '2027-02-30', 类型: '放假' },
        { 日期: '2027-02-06', 类型: '调休' },
        { 日期: '2027-02-07' },
        { 日期: '2027/1/1', 类型: '工作日' },
      ]),
      format,
    )
    expect(parsed.days.map((d) => d.row)).toEqual([2])
    expect(parsed.refused).toEqual([
      { row: 3, reasons: [text('DATE_MISSING')] },
      { row: 4, reasons: [text('DATE_INVALID', { date: '2027-02-30' })] },
      { row: 5, reasons: [text('KIND_UNKNOWN', { kind: '调休', accepted })] },
      { row: 6, reasons: [text('KIND_MISSING', { accepted })] },
      { row: 7, reasons: [text('DATE_DUPLICATE', { date: '2027-01-01', row: 2 })] },
    ])
  })

  it('says which required columns are missing and which it ignores', () => {
    expect(parseCalendarTable(table([{ 日期: '2027-01-01' }], ['日期', '备注', '星期']), format)).toEqual({ days: [], refused: [], missingColumns: ['类型'], ignoredColumns: ['星期'] })
  })
})
