import { describe, expect, it } from 'vitest'
import { mergeCalendar, missingYears, neededYears, yearSources, type CalendarOverrides } from '../../../src/domain/calendar/calendar-overrides.ts'
import { addWorkingDays, isWorkingDay, type WorkingCalendar } from '../../../src/domain/calendar/working-days.ts'

/** A package with 2026 only: National Day off, the make-up Saturday 10-10 worked. */
const base: WorkingCalendar = { holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05']), workdays: new Set(['2026-10-10']), knownYears: new Set([2025, 2026]) }
const overrides: CalendarOverrides = {
  days: [
    { date: '2026-11-06', working: false, note: '校运会停课' }, // a Friday off
    { date: '2026-11-14', working: true, note: '校运会调课' }, // a Saturday worked
    { date: '2026-10-10', working: false, note: '学校不补班' }, // against the package
    { date: '2026-10-05', working: true, note: '学校值班' }, // against the package
    { date: '2027-01-01', working: false, note: '元旦' },
  ],
  completeYears: [2028],
}

describe('mergeCalendar', () => {
  const merged = mergeCalendar(base, overrides)

  it.each([
    ['2026-11-06', false],
    ['2026-11-14', true],
    ['2026-10-10', false],
    ['2026-10-05', true],
    ['2026-10-01', false],
    ['2026-11-05', true],
    ['2027-01-01', false],
  ])('%s is a working day: %s (an admin day wins over the package)', (date, working) => {
    expect(isWorkingDay(date, merged)).toBe(working)
  })

  it('counts only declared years as known: a year with a few days stays unknown', () => {
    expect([...merged.knownYears].sort()).toEqual([2025, 2026, 2028])
    expect(addWorkingDays('2026-12-28', 5, merged)).toEqual({ date: '2027-01-05', certain: false })
  })

  it('leaves the package calendar as it was', () => {
    expect(isWorkingDay('2026-10-10', base)).toBe(true)
    expect(base.knownYears.has(2028)).toBe(false)
  })
})

describe('yearSources', () => {
  it('names where each known year comes from, in year order', () => {
    expect(yearSources(base, overrides)).toEqual(
      new Map([
        [2025, 'chinese-days'],
        [2026, 'chinese-days+overrides'],
        [2028, 'overrides'],
      ]),
    )
  })
})

describe('neededYears and missingYears', () => {
  it.each([
    ['2026-01-01', [2026]],
    ['2026-10-31', [2026]],
    ['2026-11-01', [2026, 2027]],
    ['2026-12-01', [2026, 2027]],
    ['2026-12-31', [2026, 2027]],
  ])('on %s Liaison needs %j', (today, years) => {
    expect(neededYears(today)).toEqual(years)
  })

  it('misses the needed years nothing covers', () => {
    expect(missingYears('2026-12-01', base)).toEqual([2027])
    expect(missingYears('2026-06-01', base)).toEqual([])
    expect(missingYears('2027-12-01', mergeCalendar(base, overrides))).toEqual([2027])
    expect(missingYears('2027-06-01', mergeCalendar(base, { days: [], completeYears: [2027] }))).toEqual([])
    expect(missingYears('2027-12-01', mergeCalendar(base, { days: [], completeYears: [2027] }))).toEqual([2028])
  })
})
