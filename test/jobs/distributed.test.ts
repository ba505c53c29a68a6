import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobDefinition } from '../../src/jobs/job.ts'
import type { Store } from '../../src/store/open-store.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { openTestStore } from '../support/test-store.ts'

describe('two bots sharing a store, scheduling the same jobs', () => {
  let store: Store
  let apps: TestApp[] = []
  beforeAll(async () => {
    store = await openTestStore()
  })
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()))
    await store.close()
  })

  it('run each fire of node-cron on exactly one of them, and survive a job that throws', async () => {
    const runs: Array<{ instance: string; fireAt: string }> = []
    const definitions = (instance: string): JobDefinition[] => [
      {
        name: 'every-second',
        schedules: ['* * * * * *'],
        staleAfterMs: 1000,
        onlyOnWorkingDays: false,
        async run(fireAt) {
          runs.push({ instance, fireAt: fireAt.toISOString() })
          // Long enough for the other bot to ask for the same fire while this one holds it.
          await sleep(100)
        },
      },
      {
        name: 'always-fails',
        schedules: ['* * * * * *'],
        staleAfterMs: 1000,
        onlyOnWorkingDays: false,
        run: async () => {
          throw new Error('boom')
        },
      },
    ]
    apps = await Promise.all(['a', 'b'].map((instance) => startTestApp({ store, jobs: definitions(instance), env: { JOBS: 'on' } })))
    await sleep(2500)
    const health = (await (await fetch(`${apps[1]!.url}/healthz`)).json()) as { status: string; jobs: { jobs: Array<{ name: string; lastCompleted: unknown }> } }
    await Promise.all(apps.map((a) => a.stop()))

    const perFire = new Map<string, string[]>()
    for (const { instance, fireAt } of runs) perFire.set(fireAt, [...(perFire.get(fireAt) ?? []), instance])
    expect(perFire.size).toBeGreaterThanOrEqual(2)
    expect([...perFire.values()].filter((instances) => instances.length > 1)).toEqual([])
    const fires = store.connection.collection('job_fires')
    expect((await fires.find({ job: 'every-second' }).toArray()).map((f) => [f.fireAt.toISOString(), f.done]).sort()).toEqual([...perFire.keys()].map((k) => [k, true]).sort())
    const failed = await fires.find({ job: 'always-fails' }).toArray()
    expect(failed.length).toBeGreaterThanOrEqual(2)
    expect(failed.every((f) => f.done && f.error === 'boom')).toBe(true)
    expect(health.status).toBe('ok')
    const ours = health.jobs.jobs.filter((j) => j.name === 'every-second' || j.name === 'always-fails')
    expect(ours.map((j) => j.lastCompleted)).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: false })])
  })
})
