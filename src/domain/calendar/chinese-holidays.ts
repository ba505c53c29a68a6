import { createRequire } from 'node:module'
import type { WorkingCalendar } from './working-days.ts'

interface ChineseDaysData {
  readonly holidays: Record<string, string>
  readonly workdays: Record<string, string>
}

/**
 * The State Council holiday schedules shipped by the chinese-days package (holidays and
 * make-up working days per year), as a WorkingCalendar.
 */
export function chineseHolidayCalendar(): WorkingCalendar {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData
  const holidays = new Set(Object.keys(data.holidays))
  const workdays = new Set(Object.keys(data.workdays))
  const knownYears = new Set([...holidays].map((d) => Number(d.slice(0, 4))))
  return { holidays, workdays, knownYears }
}
