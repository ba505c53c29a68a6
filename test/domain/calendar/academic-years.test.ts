import { describe, expect, it } from 'vitest'
import { academicYearOf } from '../../../src/domain/calendar/academic-years.ts'
import type { Semester } from '../../../src/domain/calendar/semesters.ts'

/** A university whose 校历 starts late in one year and in August the next, with a summer term. */
const semesters: Semester[] = [
  { name: '2025-2026学年第一学期', start: '2025-09-08', end: '2026-01-18' },
  { name: '2025-2026学年第二学期', start: '2026-02-23', end: '2026-07-05' },
  { name: '2025-2026学年小学期', start: '2026-07-06', end: '2026-07-24' },
  { name: '2026-2027学年第一学期', start: '2026-08-24', end: '2027-01-10' },
]

describe('academicYearOf', () => {
  it.each([
    // Before the first known first semester: the usual year, up to the day before it.
    ['2025-09-03', '2024-09-01', '2025-09-07', '2024-2025'],
    ['2025-06-01', '2024-09-01', '2025-09-07', '2024-2025'],
    // From a first semester to the day before the next; the summer term (July) starts none.
    ['2025-09-08', '2025-09-08', '2026-08-23', '2025-2026'],
    ['2026-07-10', '2025-09-08', '2026-08-23', '2025-2026'],
    ['2026-08-23', '2025-09-08', '2026-08-23', '2025-2026'],
    // The last one known runs to August 31 of the next year.
    ['2026-08-24', '2026-08-24', '2027-08-31', '2026-2027'],
    ['2027-08-31', '2026-08-24', '2027-08-31', '2026-2027'],
    // After it: the usual years.
    ['2027-09-01', '2027-09-01', '2028-08-31', '2027-2028'],
    ['2029-03-01', '2028-09-01', '2029-08-31', '2028-2029'],
  ])('%s is in %s..%s (%s)', (date, start, end, name) => {
    expect(academicYearOf(date, semesters)).toEqual({ start, end, name })
  })

  it('is the usual September-to-August year without any semester', () => {
    expect(academicYearOf('2026-08-31', [])).toEqual({ start: '2025-09-01', end: '2026-08-31', name: '2025-2026' })
    expect(academicYearOf('2026-09-01', [])).toEqual({ start: '2026-09-01', end: '2027-08-31', name: '2026-2027' })
  })

  it('leaves neither gaps nor overlaps from one year to the next', () => {
    let year = academicYearOf('2024-01-01', semesters)
    while (year.start < '2030-01-01') {
      const next = academicYearOf(new Date(Date.parse(`${year.end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10), semesters)
      expect(Date.parse(next.start) - Date.parse(year.end)).toBe(86_400_000)
      expect(Number(next.name.slice(0, 4))).toBe(Number(year.name.slice(0, 4)) + 1)
      year = next
    }
  })
})
