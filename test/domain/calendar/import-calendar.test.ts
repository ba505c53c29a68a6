import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { calendarReport } from '../../../src/domain/calendar/calendar-report.ts'
import { loadCalendarImportFormat } from '../../../src/domain/calendar/calendar-import-format.ts'
import { importCalendar, type ImportCalendarOptions } from '../../../src/domain/calendar/import-calendar.ts'
import { readCalendarTable, type CalendarTable } from '../../../src/domain/calendar/read-calendar-table.ts'
import { CalendarDays } from '../../../src/store/calendar-days.ts'
import type { Store } from '../../../src/store/open-store.ts'
import { openTestStore } from '../../support/test-store.ts'

const format = loadCalendarImportFormat()
const options: ImportCalendarOptions = { dryRun: false, now: new Date('2026-12-01T09:00:00+08:00'), source: '2027.csv', completeYears: [], packageYears: new Set([2025, 2026]) }

let store: Store
let days: CalendarDays
beforeAll(async () => {
  store = await openTestStore()
  days = await CalendarDays.open(store.connection)
})
afterAll(() => store.close())
beforeEach(async () => {
  for (const collection of ['calendar_days', 'calendar_years']) await store.connection.collection(collection).deleteMany({})
})

function table(rows: ReadonlyArray<readonly [string, string, string?]>): CalendarTable {
  return { headers: ['日期', '类型', '说明'], rows: rows.map(([日期, 类型, 说明 = ''], i) => ({ row: i + 2, cells: { 日期, 类型, 说明 } })) }
}

/** Part of a 2027 schedule as the State Council might set it (made up: the real one is not out). */
const schedule = table([
  ['2027-01-01', '节假日', '元旦'],
  ['2027-02-06', '节假日', '春节'],
  ['2027-02-07', '节假日', '春节'],
  ['2027-01-31', '调休上班', '春节'],
])

describe('importCalendar', () => {
  it('stores the days, and imported again changes nothing', async () => {
    const first = await importCalendar(schedule, days, format, options)
    expect(first).toMatchObject({ created: 4, updated: 0, unchanged: 0, completed: [], unknownYears: [2027] })
    expect(await days.list({ year: 2027 })).toEqual([
      { date: '2027-01-01', working: false, note: '元旦' },
      { date: '2027-01-31', working: true, note: '春节' },
      { date: '2027-02-06', working: false, note: '春节' },
      { date: '2027-02-07', working: false, note: '春节' },
    ])
    const again = await importCalendar(schedule, days, format, options)
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4 })
  })

  it('replaces a stored day by the file\'s and leaves the days the file does not name', async () => {
    await importCalendar(schedule, days, format, options)
    const result = await importCalendar(table([['2027-02-07', '工作日', '学校值班']]), days, format, options)
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0 })
    expect(await days.list({ year: 2027 })).toHaveLength(4)
    expect((await days.list()).find((d) => d.date === '2027-02-07')).toEqual({ date: '2027-02-07', working: true, note: '学校值班' })
  })

  it('declares a year complete when asked, once every row was taken', async () => {
    const result = await importCalendar(schedule, days, format, { ...options, completeYears: [2027] })
    expect(result).toMatchObject({ completed: [2027], notCompletedRefused: [], notCompletedEmpty: [], unknownYears: [] })
    expect(await days.completeYears()).toEqual([2027])
    expect(await store.connection.collection('calendar_years').findOne({ _id: 2027 as never })).toMatchObject({ source: '2027.csv', completedAt: options.now })
  })

  it('does not declare a year whose file had refused rows, nor one without a day off in the table', async () => {
    const bad = { ...schedule, rows: [...schedule.rows, { row: 6, cells: { 日期: '2027-02-30', 类型: '节假日', 说明: '' } }] }
    const refused = await importCalendar(bad, days, format, { ...options, completeYears: [2027] })
    expect(refused).toMatchObject({ created: 4, completed: [], notCompletedRefused: [2027], unknownYears: [2027] })
    const empty = await importCalendar(table([['2028-01-08', '工作日', '补班']]), days, format, { ...options, completeYears: [2028] })
    expect(empty).toMatchObject({ completed: [], notCompletedEmpty: [2028] })
    expect(await days.completeYears()).toEqual([])
    expect(calendarReport(empty, format, { dryRun: false })).toContain(format.text('REPORT_NOT_COMPLETE_EMPTY', { years: '2028' }))
  })

  it('a dry run says what would happen and writes nothing', async () => {
    const result = await importCalendar(schedule, days, format, { ...options, dryRun: true, completeYears: [2027] })
    expect(result).toMatchObject({ created: 4, completed: [2027] })
    expect(await days.list()).toEqual([])
    expect(await days.completeYears()).toEqual([])
    expect(calendarReport(result, format, { dryRun: true }).split('\n').slice(0, 4)).toEqual([
      format.text('REPORT_DRY_RUN'),
      format.text('REPORT_COUNTS', { created: 4, updated: 0, unchanged: 0 }),
      format.text('REPORT_ALL_TAKEN'),
      format.text('REPORT_COMPLETE', { years: '2027' }),
    ])
  })

  it('imports the sample file of 2026 school days with no refused row', async () => {
    const result = await importCalendar(await readCalendarTable('docs/sample-calendar-2026.csv', format), days, format, options)
    expect(result.parsed.refused).toEqual([])
    expect(result).toMatchObject({ unknownYears: [] })
    expect(result.created).toBeGreaterThan(0)
  })
})
