import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { chineseHolidayCalendar } from '../../../src/domain/calendar/chinese-holidays.ts'
import { isKnownPeriod, isLastWorkingDays, periodOf, previousPeriod, workingDaysIn, workingDaysLeft, type Period, type PeriodKind } from '../../../src/domain/calendar/periods.ts'
import { loadSemesters } from '../../../src/domain/calendar/semesters.ts'
import { shanghaiDate } from '../../../src/domain/calendar/shanghai-date.ts'

// conversations/calendar.yaml: 2025-09-01..2026-01-18, 2026-02-23..2026-07-12, 2026-08-31..2027-01-17, 2027-02-22..2027-07-11.
const semesters = loadSemesters()
// chinese-days 1.5.7: National Day 2026-10-01..07 off (Mid-autumn 09-25..27 too), Sunday 09-20 and Saturday 10-10 worked; no 2027.
const calendar = chineseHolidayCalendar()

type Expected = readonly [start: string, end: string, name: string] | undefined

/** The period of each kind holding an instant; several instants are the last or first minute of a Shanghai day. */
const periods: ReadonlyArray<readonly [PeriodKind, string, Expected]> = [
  ['week', '2026-11-18T10:00:00+08:00', ['2026-11-16', '2026-11-22', '2026-W47']],
  ['week', '2026-11-22T23:59:00+08:00', ['2026-11-16', '2026-11-22', '2026-W47']],
  ['week', '2026-11-23T00:30:00+08:00', ['2026-11-23', '2026-11-29', '2026-W48']],
  ['week', '2026-11-30T00:00:00+08:00', ['2026-11-30', '2026-12-06', '2026-W49']],
  ['week', '2026-12-06T23:59:59+08:00', ['2026-11-30', '2026-12-06', '2026-W49']],
  ['week', '2026-12-31T23:59:00+08:00', ['2026-12-28', '2027-01-03', '2026-W53']],
  ['week', '2027-01-01T00:00:00+08:00', ['2026-12-28', '2027-01-03', '2026-W53']],
  ['week', '2027-01-04T00:00:00+08:00', ['2027-01-04', '2027-01-10', '2027-W01']],
  ['week', '2024-12-31T12:00:00+08:00', ['2024-12-30', '2025-01-05', '2025-W01']],
  ['week', '2028-02-29T12:00:00+08:00', ['2028-02-28', '2028-03-05', '2028-W09']],
  ['week', '2026-10-01T00:00:00+08:00', ['2026-09-28', '2026-10-04', '2026-W40']],
  ['month', '2026-11-30T23:59:59+08:00', ['2026-11-01', '2026-11-30', '2026-11']],
  ['month', '2026-12-01T00:00:00+08:00', ['2026-12-01', '2026-12-31', '2026-12']],
  ['month', '2026-12-31T23:59:00+08:00', ['2026-12-01', '2026-12-31', '2026-12']],
  ['month', '2027-01-01T00:00:00+08:00', ['2027-01-01', '2027-01-31', '2027-01']],
  ['month', '2027-02-28T12:00:00+08:00', ['2027-02-01', '2027-02-28', '2027-02']],
  ['month', '2028-02-29T12:00:00+08:00', ['2028-02-01', '2028-02-29', '2028-02']],
  ['quarter', '2026-06-30T23:59:00+08:00', ['2026-04-01', '2026-06-30', '2026-Q2']],
  ['quarter', '2026-12-31T23:59:00+08:00', ['2026-10-01', '2026-12-31', '2026-Q4']],
  ['quarter', '2027-01-01T00:00:00+08:00', ['2027-01-01', '2027-03-31', '2027-Q1']],
  ['quarter', '2028-02-29T12:00:00+08:00', ['2028-01-01', '2028-03-31', '2028-Q1']],
  ['halfYear', '2026-06-30T23:59:00+08:00', ['2026-01-01', '2026-06-30', '2026-H1']],
  ['halfYear', '2026-07-01T00:00:00+08:00', ['2026-07-01', '2026-12-31', '2026-H2']],
  ['halfYear', '2027-01-01T00:00:00+08:00', ['2027-01-01', '2027-06-30', '2027-H1']],
  ['year', '2026-12-31T23:59:00+08:00', ['2026-01-01', '2026-12-31', '2026']],
  ['year', '2027-01-01T00:00:00+08:00', ['2027-01-01', '2027-12-31', '2027']],
  ['year', '2028-02-29T12:00:00+08:00', ['2028-01-01', '2028-12-31', '2028']],
  ['semester', '2026-07-12T23:59:00+08:00', ['2026-02-23', '2026-07-12', '2025-2026学年第二学期']],
  ['semester', '2026-07-13T00:00:00+08:00', undefined],
  ['semester', '2026-08-30T23:59:00+08:00', undefined],
  ['semester', '2026-08-31T00:00:00+08:00', ['2026-08-31', '2027-01-17', '2026-2027学年第一学期']],
  ['semester', '2027-01-01T00:00:00+08:00', ['2026-08-31', '2027-01-17', '2026-2027学年第一学期']],
  ['semester', '2027-01-18T00:00:00+08:00', undefined],
  ['semester', '2025-08-31T12:00:00+08:00', undefined],
  ['academicYear', '2026-08-30T23:59:00+08:00', ['2025-09-01', '2026-08-30', '2025-2026']],
  ['academicYear', '2026-08-31T00:00:00+08:00', ['2026-08-31', '2027-08-31', '2026-2027']],
  ['academicYear', '2027-01-01T00:00:00+08:00', ['2026-08-31', '2027-08-31', '2026-2027']],
  ['academicYear', '2027-08-31T23:59:00+08:00', ['2026-08-31', '2027-08-31', '2026-2027']],
  ['academicYear', '2027-09-01T00:00:00+08:00', ['2027-09-01', '2028-08-31', '2027-2028']],
  ['academicYear', '2028-02-29T12:00:00+08:00', ['2027-09-01', '2028-08-31', '2027-2028']],
  ['academicYear', '2025-08-31T12:00:00+08:00', ['2024-09-01', '2025-08-31', '2024-2025']],
]

const at = (instant: string) => shanghaiDate(new Date(instant))
const period = (kind: PeriodKind, date: string) => periodOf(kind, date, semesters)!

describe('periodOf', () => {
  it.each(periods)('%s holding %s', (kind, instant, expected) => {
    const found = periodOf(kind, at(instant), semesters)
    expect(found).toEqual(expected && { kind, start: expected[0], end: expected[1], name: expected[2] })
  })
})

describe('previousPeriod', () => {
  it.each([
    ['week', '2027-01-04', '2026-W53'],
    ['week', '2026-03-02', '2026-W09'],
    ['month', '2027-01-15', '2026-12'],
    ['month', '2028-03-01', '2028-02'],
    ['quarter', '2027-01-15', '2026-Q4'],
    ['halfYear', '2027-01-15', '2026-H2'],
    ['year', '2027-01-15', '2026'],
    ['semester', '2026-09-01', '2025-2026学年第二学期'],
    ['semester', '2027-03-01', '2026-2027学年第一学期'],
    ['academicYear', '2026-09-01', '2025-2026'],
    ['academicYear', '2026-01-01', '2024-2025'],
  ] as const)('before the %s holding %s is %s', (kind, date, name) => {
    expect(previousPeriod(period(kind, date), semesters)?.name).toBe(name)
  })

  it('ends the day before the period starts, and there is none before the first semester', () => {
    expect(previousPeriod(period('academicYear', '2026-09-01'), semesters)).toEqual({ kind: 'academicYear', start: '2025-09-01', end: '2026-08-30', name: '2025-2026' })
    expect(previousPeriod(period('semester', '2025-10-01'), semesters)).toBeUndefined()
  })
})

describe('working days of a period (National Day 2026)', () => {
  it.each([
    ['week', '2026-09-14', 6], // Monday to Friday and the make-up Sunday 09-20
    ['week', '2026-09-21', 4], // Mid-autumn Friday 09-25 off
    ['week', '2026-09-28', 3], // 10-01..10-04 off
    ['week', '2026-10-05', 3], // 10-05..07 off; Thursday, Friday and the make-up Saturday 10-10
    ['week', '2026-11-16', 5],
    ['month', '2026-09-01', 22],
    ['month', '2026-10-01', 18],
    ['quarter', '2026-10-01', 62], // 18 + 21 + 23
  ] as const)('the %s holding %s has %i', (kind, date, n) => {
    expect(workingDaysIn(period(kind, date), calendar)).toBe(n)
  })

  it.each([
    ['2026-10-01', 18],
    ['2026-10-09', 17],
    ['2026-10-10', 16],
    ['2026-10-11', 15],
    ['2026-10-30', 1],
    ['2026-10-31', 0],
    ['2026-09-15', 18], // before the month: all of it
    ['2026-11-01', 0],
  ] as const)('October 2026 from %s (itself included) has %i left', (date, n) => {
    expect(workingDaysLeft(period('month', '2026-10-01'), date, calendar)).toBe(n)
  })

  it.each([
    ['2026-10-10', 'week', 1, true], // the make-up Saturday is the week's last working day
    ['2026-10-09', 'week', 2, true],
    ['2026-10-09', 'week', 1, false],
    ['2026-10-08', 'week', 2, false],
    ['2026-10-11', 'week', 1, false], // Sunday: never a working day
    ['2026-09-20', 'week', 1, true], // the make-up Sunday
    ['2026-09-18', 'week', 1, false],
    ['2026-09-18', 'week', 2, true],
    ['2026-09-30', 'week', 1, true], // the holiday starts on Thursday
    ['2026-10-02', 'week', 3, false],
    ['2026-10-29', 'month', 2, true],
    ['2026-10-28', 'month', 2, false],
    ['2026-10-31', 'month', 2, false],
    ['2026-10-30', 'month', 0, false],
  ] as const)('%s is among the last working days of its %s (n = %i): %s', (date, kind, n, expected) => {
    expect(isLastWorkingDays(date, period(kind, date), n, calendar)).toBe(expected)
  })

  it('a date outside the period is none of its last working days', () => {
    expect(isLastWorkingDays('2026-11-02', period('month', '2026-10-01'), 5, calendar)).toBe(false)
  })

  it.each([
    ['quarter', '2026-10-01', true],
    ['academicYear', '2025-10-01', true],
    ['week', '2026-12-31', false], // reaches into 2027, which chinese-days 1.5.7 lacks
    ['semester', '2026-09-01', false],
    ['year', '2027-01-01', false],
  ] as const)('the %s holding %s is covered by the holiday data: %s', (kind, date, known) => {
    expect(isKnownPeriod(period(kind, date), calendar)).toBe(known)
  })
})

/** The same computations in a process of their own, under another TZ. */
const script = `
  import { chineseHolidayCalendar } from './src/domain/calendar/chinese-holidays.ts'
  import { isLastWorkingDays, periodOf, workingDaysIn } from './src/domain/calendar/periods.ts'
  import { loadSemesters } from './src/domain/calendar/semesters.ts'
  import { shanghaiDate } from './src/domain/calendar/shanghai-date.ts'
  const semesters = loadSemesters()
  const calendar = chineseHolidayCalendar()
  const rows = JSON.parse(process.argv[1])
  console.log(JSON.stringify(rows.map(([kind, at]) => {
    const date = shanghaiDate(new Date(at))
    const p = periodOf(kind, date, semesters)
    return p ? { ...p, workingDays: workingDaysIn(p, calendar), last: isLastWorkingDays(date, p, 2, calendar) } : null
  })))
`

function computedIn(timeZone: string): unknown {
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(periods)], { env: { ...process.env, TZ: timeZone }, encoding: 'utf8' })
  return JSON.parse(output)
}

describe('the server time zone does not matter', () => {
  const here = periods.map(([kind, instant]) => {
    const p: Period | undefined = periodOf(kind, at(instant), semesters)
    return p ? { ...p, workingDays: workingDaysIn(p, calendar), last: isLastWorkingDays(at(instant), p, 2, calendar) } : null
  })

  it.each(['UTC', 'Asia/Shanghai'])('gives the same periods and working days under TZ=%s', (timeZone) => {
    expect(computedIn(timeZone)).toEqual(here)
  })
})
