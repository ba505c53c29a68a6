import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fireKey, JobFires } from '../../src/store/job-fires.ts'
import type { Store } from '../../src/store/open-store.ts'
import { openTestStore } from '../support/test-store.ts'

const T = Date.parse('2026-11-16T09:00:00+08:00')
const at = (ms: number) => () => new Date(T + ms)
const LEASE_MS = 60_000

describe('JobFires as node-cron run coordinator', () => {
  let store: Store
  beforeAll(async () => {
    store = await openTestStore()
  })
  afterAll(() => store.close())

  let instances = 0
  const coordinators = (count: number, clock: () => Date) =>
    Promise.all(Array.from({ length: count }, () => JobFires.open(store.connection, { now: clock, owner: `instance-${++instances}` })))
  const fire = (key: string) => store.connection.collection('job_fires').findOne({ _id: key as never })

  it('lets exactly one of several instances run a fire', async () => {
    const key = fireKey('weekly-nudge', new Date(T))
    const instances = await coordinators(5, at(0))
    const answers = await Promise.all(instances.map((c) => c.shouldRun(key, LEASE_MS)))
    expect(answers.filter(Boolean)).toHaveLength(1)
    const winner = instances[answers.indexOf(true)]!
    expect(await fire(key)).toMatchObject({ job: 'weekly-nudge', fireAt: new Date(T), owner: winner.owner, done: false, leaseUntil: new Date(T + LEASE_MS) })
    // Asked again (a second schedule of the same job at the same moment), even the winner says no.
    expect(await winner.shouldRun(key, LEASE_MS)).toBe(false)
  })

  it('hands an unfinished fire whose lease ran out to one instance, once', async () => {
    const key = fireKey('deadline-reminders', new Date(T))
    const [died] = await coordinators(1, at(0))
    expect(await died!.shouldRun(key, LEASE_MS)).toBe(true)
    expect((await Promise.all((await coordinators(3, at(LEASE_MS - 1))).map((c) => c.shouldRun(key, LEASE_MS)))).filter(Boolean)).toHaveLength(0)

    const later = await coordinators(3, at(LEASE_MS))
    const answers = await Promise.all(later.map((c) => c.shouldRun(key, LEASE_MS)))
    expect(answers.filter(Boolean)).toHaveLength(1)
    expect(await fire(key)).toMatchObject({ owner: later[answers.indexOf(true)]!.owner, takeovers: 1, done: false })
    // The instance that lost it can neither renew nor finish it.
    expect(await died!.renew(key, LEASE_MS)).toBe(false)
    await died!.finish(key)
    expect(await fire(key)).toMatchObject({ done: false })
  })

  it('keeps a fire whose lease is renewed', async () => {
    const key = fireKey('weekly-digest', new Date(T))
    const [runner] = await coordinators(1, at(0))
    await runner!.shouldRun(key, LEASE_MS)
    const renewing = await JobFires.open(store.connection, { now: at(LEASE_MS - 1), owner: runner!.owner })
    expect(await renewing.renew(key, LEASE_MS)).toBe(true)
    const [other] = await coordinators(1, at(LEASE_MS + 1))
    expect(await other!.shouldRun(key, LEASE_MS)).toBe(false)
  })

  it('never runs a done fire again, and records the last completed one per job', async () => {
    const [first, second] = [new Date(T), new Date(T + 7 * 86_400_000)]
    const [instance] = await coordinators(1, at(0))
    expect(await instance!.lastCompleted('monthly-digest')).toBeUndefined()
    for (const fireAt of [second, first]) {
      expect(await instance!.shouldRun(fireKey('monthly-digest', fireAt), LEASE_MS)).toBe(true)
      await instance!.onComplete(fireKey('monthly-digest', fireAt))
    }
    const [muchLater] = await coordinators(1, at(365 * 86_400_000))
    expect(await muchLater!.shouldRun(fireKey('monthly-digest', first), LEASE_MS)).toBe(false)
    expect(await instance!.lastCompleted('monthly-digest')).toEqual({ fireAt: second, finishedAt: new Date(T) })
  })

  it('keeps the error of a failed run, which is done all the same', async () => {
    const key = fireKey('semester-end', new Date(T))
    const [instance] = await coordinators(1, at(0))
    await instance!.shouldRun(key, LEASE_MS)
    await instance!.finish(key, 'no calendar')
    await instance!.onComplete(key)
    expect(await instance!.lastCompleted('semester-end')).toEqual({ fireAt: new Date(T), finishedAt: new Date(T), error: 'no calendar' })
  })
})
