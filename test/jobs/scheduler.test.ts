import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LocalMailbox } from '../../src/channels/local/mailbox.ts'
import { LocalSender } from '../../src/channels/local/send.ts'
import type { JobDefinition } from '../../src/jobs/job.ts'
import { JobScheduler } from '../../src/jobs/scheduler.ts'
import { silentLogger } from '../../src/log.ts'
import { Outbox } from '../../src/outbox/outbox.ts'
import { JobFires } from '../../src/store/job-fires.ts'
import type { Store } from '../../src/store/open-store.ts'
import { OutboxMessages } from '../../src/store/outbox-messages.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { openTestStore } from '../support/test-store.ts'

const HOUR = 3600_000
const DAY = 24 * HOUR
const night = { from: '21:00', to: '08:00' }
const shanghai = (time: string) => new Date(`${time}+08:00`)
// 2026-11-16 is a Monday.
const MONDAY_9 = shanghai('2026-11-16T09:00:00')

interface Run {
  readonly instance: string
  readonly job: string
  readonly fireAt: Date
}

/** A job that records where and for which fire it ran, and greets two people through `send`, keyed by the fire. */
function greeter(runs: Run[], instance: string, overrides: Partial<JobDefinition> = {}): JobDefinition {
  const name = overrides.name ?? 'greet'
  return {
    name,
    schedules: ['0 9 * * 1'],
    staleAfterMs: 6 * HOUR,
    onlyOnWorkingDays: false,
    async run(fireAt, { send }) {
      runs.push({ instance, job: name, fireAt })
      for (const userId of ['zhangsan', 'lisi']) {
        await send({ to: { kind: 'person', platform: 'local', userId }, message: { kind: 'text', text: `早上好，${userId}` }, key: `${name}:${fireAt.toISOString()}:${userId}` })
      }
    },
    ...overrides,
  }
}

describe('JobScheduler catch-up', () => {
  let store: Store
  let outbox: Outbox
  const schedulers: JobScheduler[] = []
  beforeAll(async () => {
    store = await openTestStore()
    outbox = new Outbox(await OutboxMessages.open(store.connection), new Map([['local', new LocalSender(new LocalMailbox())]]))
  })
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()))
    await store.connection.collection('job_fires').deleteMany({})
    await store.connection.collection('outbox_messages').deleteMany({})
  })
  afterAll(() => store.close())

  async function scheduler(jobs: JobDefinition[], owner: string): Promise<JobScheduler> {
    const fires = await JobFires.open(store.connection, { owner })
    const created = new JobScheduler(jobs, { fires, enqueue: (requests) => outbox.enqueueMany(requests), log: silentLogger(), quietHours: night })
    schedulers.push(created)
    return created
  }

  it('runs a fire missed within staleAfter once, and sends what the job sends', async () => {
    const runs: Run[] = []
    const instance = await scheduler([greeter(runs, 'a')], 'a')
    expect(await instance.catchUp(shanghai('2026-11-16T10:00:00'))).toEqual([{ job: 'greet', fireAt: MONDAY_9, outcome: 'ran' }])
    expect(await instance.catchUp(shanghai('2026-11-16T10:05:00'))).toEqual([{ job: 'greet', fireAt: MONDAY_9, outcome: 'not-elected' }])
    expect(runs).toEqual([{ instance: 'a', job: 'greet', fireAt: MONDAY_9 }])
    const sent = await store.connection.collection('outbox_messages').find({}, { sort: { key: 1 } }).toArray()
    expect(sent.map((m) => [m.key, m.status])).toEqual([
      ['greet:2026-11-16T01:00:00.000Z:lisi', 'pending'],
      ['greet:2026-11-16T01:00:00.000Z:zhangsan', 'pending'],
    ])
  })

  it('runs it on only one of two instances starting together', async () => {
    const runs: Run[] = []
    const [a, b] = await Promise.all([scheduler([greeter(runs, 'a')], 'a'), scheduler([greeter(runs, 'b')], 'b')])
    const at = shanghai('2026-11-16T10:00:00')
    const outcomes = (await Promise.all([a.catchUp(at), b.catchUp(at)])).flat().map((o) => o.outcome)
    expect(outcomes.sort()).toEqual(['not-elected', 'ran'])
    expect(runs).toHaveLength(1)
  })

  it('does not run a fire older than staleAfter: a Monday-morning job not run by Friday', async () => {
    const runs: Run[] = []
    const instance = await scheduler([greeter(runs, 'a'), greeter(runs, 'a', { name: 'greet-weekly', staleAfterMs: DAY })], 'a')
    expect(await instance.catchUp(shanghai('2026-11-16T15:00:01'))).toEqual([
      { job: 'greet', outcome: 'none' },
      { job: 'greet-weekly', fireAt: MONDAY_9, outcome: 'ran' },
    ])
    expect(await instance.catchUp(shanghai('2026-11-20T10:00:00'))).toEqual([
      { job: 'greet', outcome: 'none' },
      { job: 'greet-weekly', outcome: 'none' },
    ])
    expect(runs.map((r) => r.job)).toEqual(['greet-weekly'])
  })

  it('runs several missed fires once, as the latest of them', async () => {
    const runs: Run[] = []
    const hourly = greeter(runs, 'a', { schedules: ['0 * * * *', '30 9 * * *'], staleAfterMs: DAY })
    const instance = await scheduler([hourly], 'a')
    expect(await instance.catchUp(shanghai('2026-11-16T10:20:00'))).toEqual([{ job: 'greet', fireAt: shanghai('2026-11-16T10:00:00'), outcome: 'ran' }])
    expect(runs).toHaveLength(1)
  })

  it('claims the fire under the key node-cron gives the scheduled one, so the two never both run', async () => {
    const runs: Run[] = []
    // What node-cron's coordinator asks on another instance at Monday 09:00: `${name}:${slot.toISOString()}`.
    const other = await JobFires.open(store.connection, { owner: 'scheduled-elsewhere' })
    expect(await other.shouldRun('greet:2026-11-16T01:00:00.000Z', 60_000)).toBe(true)
    const instance = await scheduler([greeter(runs, 'a')], 'a')
    expect(await instance.catchUp(shanghai('2026-11-16T09:00:30'))).toEqual([{ job: 'greet', fireAt: MONDAY_9, outcome: 'not-elected' }])
    await other.onComplete('greet:2026-11-16T01:00:00.000Z')
    expect(await instance.catchUp(shanghai('2026-11-16T12:00:00'))).toEqual([{ job: 'greet', fireAt: MONDAY_9, outcome: 'not-elected' }])
    expect(runs).toEqual([])
  })

  it('holds a catch-up back during the quiet hours, and runs it when they end', async () => {
    const runs: Run[] = []
    const instance = await scheduler([greeter(runs, 'a', { staleAfterMs: DAY })], 'a')
    expect(await instance.catchUp(shanghai('2026-11-16T22:00:00'))).toEqual([
      { job: 'greet', fireAt: MONDAY_9, outcome: 'deferred', until: shanghai('2026-11-17T08:00:00') },
    ])
    expect(runs).toEqual([])
    expect(await instance.catchUp(shanghai('2026-11-17T08:00:00'))).toEqual([{ job: 'greet', fireAt: MONDAY_9, outcome: 'ran' }])
  })

  it('records a failing job with its error, does not run that fire again, and goes on with the other jobs', async () => {
    const runs: Run[] = []
    const failing = greeter(runs, 'a', {
      name: 'fails',
      run: async () => {
        throw new Error('no calendar for 2026')
      },
    })
    const instance = await scheduler([failing, greeter(runs, 'a')], 'a')
    const at = shanghai('2026-11-16T10:00:00')
    expect(await instance.catchUp(at)).toEqual([
      { job: 'fails', fireAt: MONDAY_9, outcome: 'failed' },
      { job: 'greet', fireAt: MONDAY_9, outcome: 'ran' },
    ])
    expect(await store.connection.collection('job_fires').findOne({ _id: 'fails:2026-11-16T01:00:00.000Z' as never })).toMatchObject({ done: true, error: 'no calendar for 2026' })
    expect((await instance.catchUp(at))[0]).toMatchObject({ outcome: 'not-elected' })
    expect((await instance.status(at))[0]).toMatchObject({ name: 'fails', lastCompleted: { fireAt: MONDAY_9, error: 'no calendar for 2026' }, nextFireAt: shanghai('2026-11-23T09:00:00') })
  })

  it('runs one body for real and as a dry run: the dry run only collects, the real one enqueues once per key', async () => {
    const runs: Run[] = []
    const instance = await scheduler([greeter(runs, 'a')], 'a')
    const outbox = store.connection.collection('outbox_messages')
    const dry = await instance.runNow('greet', MONDAY_9, { dryRun: true })
    expect(dry.map((s) => [s.request.to, s.request.message, s.inserted])).toEqual([
      [{ kind: 'person', platform: 'local', userId: 'zhangsan' }, { kind: 'text', text: '早上好，zhangsan' }, true],
      [{ kind: 'person', platform: 'local', userId: 'lisi' }, { kind: 'text', text: '早上好，lisi' }, true],
    ])
    expect(await outbox.countDocuments()).toBe(0)
    expect((await instance.runNow('greet', MONDAY_9, { dryRun: false })).map((s) => s.inserted)).toEqual([true, true])
    expect((await instance.runNow('greet', MONDAY_9, { dryRun: false })).map((s) => s.inserted)).toEqual([false, false])
    expect(await outbox.countDocuments()).toBe(2)
    // A run outside the schedule claims no fire: the scheduled one still runs (and sends nothing new).
    expect(await store.connection.collection('job_fires').countDocuments()).toBe(0)
  })

  it('refuses job names that would break the fire key, and bad cron expressions, naming the job', async () => {
    const fires = await JobFires.open(store.connection)
    const options = { fires, enqueue: (requests: Parameters<Outbox['enqueueMany']>[0]) => outbox.enqueueMany(requests), log: silentLogger(), quietHours: night }
    expect(() => new JobScheduler([greeter([], 'a', { name: 'greet:weekly' })], options)).toThrow('job name "greet:weekly" must be kebab-case')
    expect(() => new JobScheduler([greeter([], 'a', { schedules: ['0 9 * * 8'] })], options)).toThrow('job greet: invalid cron expression "0 9 * * 8"')
  })
})

describe('the scheduler in the bot', () => {
  let store: Store
  const apps: TestApp[] = []
  beforeAll(async () => {
    store = await openTestStore()
  })
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()))
    await store.close()
  })

  it('catches up a missed fire at start on one of two bots sharing a store, and shows it in /healthz', async () => {
    const runs: Run[] = []
    const now = () => shanghai('2026-11-16T10:00:00')
    apps.push(...(await Promise.all(['a', 'b'].map((instance) => startTestApp({ store, now, jobs: [greeter(runs, instance)], env: { JOBS: 'on' } })))))
    // The duty jobs are caught up too; this test is about its own.
    const outcomes = (await Promise.all(apps.map((a) => a.jobs!.caughtUp()))).flat().filter((o) => o.job === 'greet')
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['not-elected', 'ran'])
    expect(runs).toHaveLength(1)

    const health = (await (await fetch(`${apps[0]!.url}/healthz`)).json()) as { jobs: { ok: boolean; on: boolean; jobs: Array<{ name: string }> } }
    expect(health.jobs).toMatchObject({ ok: true, on: true })
    expect(health.jobs.jobs.find((j) => j.name === 'greet')).toEqual({ name: 'greet', nextFireAt: '2026-11-23T01:00:00.000Z', lastCompleted: { fireAt: '2026-11-16T01:00:00.000Z', ok: true } })
  })

  it('schedules nothing with JOBS=off', async () => {
    const runs: Run[] = []
    const app = await startTestApp({ store, now: () => shanghai('2026-11-23T10:00:00'), jobs: [greeter(runs, 'off')], env: { JOBS: 'off' } })
    apps.push(app)
    expect(app.jobs).toBeUndefined()
    expect(((await (await fetch(`${app.url}/healthz`)).json()) as { jobs: unknown }).jobs).toEqual({ ok: true, on: false })
    expect(runs).toEqual([])
  })
})
