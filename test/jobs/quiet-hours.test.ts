import { describe, expect, it } from 'vitest'
import { isQuietTime, quietHoursEnd } from '../../src/jobs/quiet-hours.ts'

const night = { from: '21:00', to: '08:00' }
const lunch = { from: '12:00', to: '14:00' }

describe('isQuietTime', () => {
  it.each([
    ['2026-11-18T20:59:59+08:00', night, false],
    ['2026-11-18T21:00:00+08:00', night, true],
    ['2026-11-18T23:30:00+08:00', night, true],
    ['2026-11-19T00:00:00+08:00', night, true],
    ['2026-11-19T07:59:00+08:00', night, true],
    ['2026-11-19T08:00:00+08:00', night, false],
    ['2026-11-18T12:30:00+08:00', night, false],
    // 13:00 UTC is 21:00 in Shanghai, whatever the server's TZ.
    ['2026-11-18T13:00:00Z', night, true],
    ['2026-11-18T00:30:00Z', night, false],
    ['2026-11-18T11:59:00+08:00', lunch, false],
    ['2026-11-18T12:00:00+08:00', lunch, true],
    ['2026-11-18T14:00:00+08:00', lunch, false],
    ['2026-11-18T22:00:00+08:00', lunch, false],
  ] as const)('%s with quiet hours %o: %s', (at, quietHours, quiet) => {
    expect(isQuietTime(new Date(at), quietHours)).toBe(quiet)
  })
})

describe('quietHoursEnd', () => {
  it.each([
    ['2026-11-18T22:00:00+08:00', night, '2026-11-19T08:00:00+08:00'],
    ['2026-11-19T03:00:00+08:00', night, '2026-11-19T08:00:00+08:00'],
    ['2026-11-18T12:10:00+08:00', lunch, '2026-11-18T14:00:00+08:00'],
  ] as const)('from %s with %o: %s', (at, quietHours, end) => {
    expect(quietHoursEnd(new Date(at), quietHours)).toEqual(new Date(end))
  })
})
