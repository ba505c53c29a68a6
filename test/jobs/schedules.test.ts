import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { loadConfig } from '../../src/config/load-config.ts'
import { defineJobs } from '../../src/jobs/define-jobs.ts'
import { loadSchedules, SCHEDULES_FILE } from '../../src/jobs/schedules.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'liaison-schedules-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type File = { quietHours?: unknown; jobs: Record<string, Record<string, unknown>>; messages: unknown }
/** The real file with a change, written to a temporary one. */
function variant(change: (file: File) => void): string {
  const file = parse(readFileSync(SCHEDULES_FILE, 'utf8')) as File
  change(file)
  const name = path.join(dir, `schedules-${Math.random().toString(36).slice(2)}.yaml`)
  writeFileSync(name, stringify(file))
  return name
}

describe('conversations/schedules.yaml', () => {
  it('has the jobs the duty features register, at their times, with the default quiet hours', () => {
    const schedules = loadSchedules()
    expect(schedules.quietHours).toEqual({ from: '21:00', to: '08:00' })
    expect(Object.fromEntries(schedules.jobs.map((j) => [j.name, j.schedules]))).toEqual({
      'weekly-nudge': ['0 9 * * 1', '0 15 * * 4'],
      'monthly-form-reminder': ['0 10 * * *'],
      'deadline-reminders': ['30 9 * * *'],
      'weekly-digest': ['30 8 * * 1'],
      'monthly-digest': ['30 8 1 * *'],
      'semester-start': ['0 9 * * *'],
      'semester-end': ['0 9 * * *'],
      'calendar-check': ['0 9 * * 1'],
    })
    expect(schedules.jobs.find((j) => j.name === 'weekly-nudge')).toMatchObject({ staleAfter: '1d', staleAfterMs: 86_400_000, onlyOnWorkingDays: true })
    expect(schedules.jobs.find((j) => j.name === 'weekly-digest')).toMatchObject({ onlyOnWorkingDays: false })
  })

  it('defaults the quiet hours to 21:00–08:00', () => {
    const file = variant((f) => delete f.quietHours)
    expect(loadSchedules(file).quietHours).toEqual({ from: '21:00', to: '08:00' })
  })

  it.each([
    ['a bad cron expression', (f: File) => (f.jobs['weekly-nudge']!.cron = ['0 9 * * 1', '0 25 * * 4']), 'jobs.weekly-nudge.cron[1]: invalid cron expression "0 25 * * 4"'],
    ['a cron expression with too many fields', (f: File) => (f.jobs['weekly-digest']!.cron = '0 0 8 * * 1 2026'), 'jobs.weekly-digest.cron[0]: invalid cron expression'],
    ['an unknown field', (f: File) => (f.jobs['deadline-reminders']!.stale = '6h'), 'jobs.deadline-reminders: Unrecognized key: "stale"'],
    ['a bad staleAfter', (f: File) => (f.jobs['monthly-digest']!.staleAfter = '3 days'), 'jobs.monthly-digest.staleAfter: expected a duration such as 30m, 6h or 1d'],
    ['a staleAfter over 31 days', (f: File) => (f.jobs['monthly-digest']!.staleAfter = '40d'), 'jobs.monthly-digest.staleAfter: expected at most 31d'],
    ['a job name that is not kebab-case', (f: File) => (f.jobs['Weekly_Nudge'] = { cron: '0 9 * * 1', staleAfter: '1d' }), 'jobs.Weekly_Nudge: expected a kebab-case job name'],
    ['a fire inside the quiet hours', (f: File) => (f.jobs['semester-end']!.cron = ['0 9 * * *', '30 7 * * *']), 'jobs.semester-end.cron[1]: "30 7 * * *" fires at 07:30, within the quiet hours 21:00–08:00'],
    ['an hourly fire that reaches the night', (f: File) => (f.jobs['semester-end']!.cron = '0 * * * *'), 'jobs.semester-end.cron[0]: "0 * * * *" fires at 00:00, within the quiet hours'],
    ['a bad quiet hour', (f: File) => (f.quietHours = { from: '25:00', to: '08:00' }), 'quietHours.from: expected a Shanghai time of day'],
  ])('refuses %s, naming the file, the job and the field', (_, change, expected) => {
    const file = variant(change)
    expect(() => loadSchedules(file)).toThrow(`${file}: ${expected}`)
  })

  it('stops the start when a registered job has no schedule, or a scheduled one is not registered', () => {
    const schedules = loadSchedules()
    const run = async () => undefined
    const all = schedules.jobs.map((j) => ({ name: j.name, run }))
    expect(defineJobs(all, schedules).find((j) => j.name === 'weekly-nudge')).toMatchObject({ schedules: ['0 9 * * 1', '0 15 * * 4'], staleAfterMs: 86_400_000, onlyOnWorkingDays: true })
    expect(() => defineJobs([...all, { name: 'yearly-appraisal', run }], schedules)).toThrow(`${SCHEDULES_FILE}: jobs.yearly-appraisal: the job is registered but has no schedule`)
    expect(() => defineJobs(all.slice(1), schedules)).toThrow(`${SCHEDULES_FILE}: jobs.${all[0]!.name}: no such job is registered (src/jobs/registry.ts)`)
  })
})

describe('JOBS', () => {
  it.each([
    [{}, true],
    [{ JOBS: 'on' }, true],
    [{ JOBS: 'off' }, false],
  ])('%o schedules jobs: %s', (env, enabled) => {
    expect(loadConfig(env).jobs).toEqual({ enabled })
  })

  it('names the variable when it is neither on nor off', () => {
    expect(() => loadConfig({ JOBS: 'yes' })).toThrow('Invalid configuration: JOBS must be on or off (got "yes")')
  })
})
