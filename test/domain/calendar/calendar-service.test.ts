import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CalendarService } from '../../../src/domain/calendar/calendar-service.ts'
import { chineseHolidayCalendar } from '../../../src/domain/calendar/chinese-holidays.ts'
import { addWorkingDays, isWorkingDay } from '../../../src/domain/calendar/working-days.ts'
import { silentLogger } from '../../../src/log.ts'
import { CalendarDays } from '../../../src/store/calendar-days.ts'
import type { Store } from '../../../src/store/open-store.ts'
import { openTestStore } from '../../support/test-store.ts'
import { startTestApp } from '../../support/test-app.ts'

// Today in these tests: chinese-days 1.5.7 has 2004–2026, and from November 1 Liaison needs 2027 too.
const now = new Date('2026-12-01T10:00:00+08:00')

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

const load = () => CalendarService.load(days, chineseHolidayCalendar(), silentLogger(), { now: () => now })

describe('CalendarService', () => {
  it('is chinese-days while calendar_days is empty, and 2027 is missing', async () => {
    const service = await load()
    expect(isWorkingDay('2026-10-08', service.calendar)).toBe(true)
    expect(isWorkingDay('2026-10-10', service.calendar)).toBe(true)
    expect(service.missingYears()).toEqual([2027])
    expect(service.missingYears(new Date('2026-10-31T12:00:00+08:00'))).toEqual([])
  })

  it('puts the admins\' days over the package, and the calendar it handed out sees each refresh', async () => {
    const service = await load()
    const handedOut = service.calendar
    await days.upsert([{ date: '2026-12-04', working: false, note: '校庆停课' }, { date: '2026-10-10', working: false, note: '学校不补班' }], 'closures.csv', now)
    expect(isWorkingDay('2026-12-04', handedOut)).toBe(true)
    await service.refresh()
    expect(isWorkingDay('2026-12-04', handedOut)).toBe(false)
    expect(isWorkingDay('2026-10-10', handedOut)).toBe(false)
    // Five working days after Tuesday 12-01: the closure on Friday moves the deadline to Wednesday.
    expect(addWorkingDays('2026-12-01', 5, handedOut)).toEqual({ date: '2026-12-09', certain: true })
  })

  it('knows 2027 once an admin declared it complete, and says where each year comes from', async () => {
    await days.upsert([{ date: '2027-01-01', working: false, note: '元旦' }], '2027.csv', now)
    const undeclared = await load()
    expect(undeclared.missingYears()).toEqual([2027])
    expect(addWorkingDays('2026-12-30', 3, undeclared.calendar).certain).toBe(false)

    await days.markComplete([2027], '2027.csv', now)
    await undeclared.refresh()
    expect(undeclared.missingYears()).toEqual([])
    expect(addWorkingDays('2026-12-30', 3, undeclared.calendar)).toEqual({ date: '2027-01-05', certain: true })
    const health = await undeclared.health()
    expect(health).toMatchObject({ ok: true, missingYears: [], overrideDays: 1, refreshedAt: now.toISOString() })
    expect(health.years).toMatchObject({ 2004: 'chinese-days', 2026: 'chinese-days', 2027: 'overrides' })
  })

  it('refreshes on its own timer until stopped', async () => {
    const service = await CalendarService.load(days, chineseHolidayCalendar(), silentLogger(), { now: () => now, refreshMs: 20 })
    service.start()
    await days.upsert([{ date: '2026-12-04', working: false, note: '校庆停课' }], 'closures.csv', now)
    await expect.poll(() => isWorkingDay('2026-12-04', service.calendar), { timeout: 2000 }).toBe(false)
    service.stop()
  })
})

describe('GET /healthz', () => {
  it('lists the calendar: 2027 missing on 2026-12-01, ok all the same', async () => {
    const app = await startTestApp({ now: () => now })
    try {
      const response = await fetch(`${app.url}/healthz`)
      expect(response.status).toBe(200)
      const body = (await response.json()) as { calendar: { ok: boolean; missingYears: number[]; years: Record<string, string> } }
      expect(body.calendar).toMatchObject({ ok: true, missingYears: [2027], overrideDays: 0 })
      expect(body.calendar.years).toMatchObject({ 2025: 'chinese-days', 2026: 'chinese-days' })
      expect(body.calendar.years).not.toHaveProperty('2027')
    } finally {
      await app.close()
    }
  })
})
