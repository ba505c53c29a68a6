import { readdirSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load-config.ts'
import { loadSchedules, type JobsMessageCode } from '../../src/jobs/schedules.ts'
import { silentLogger } from '../../src/log.ts'
import { fireKey, JobFires } from '../../src/store/job-fires.ts'
import { openToolStore } from '../../src/store/open-tool-store.ts'
import { runTool, scratchDirs } from '../support/run-tool.ts'

const WITH_GREETING = 'test/jobs/fixtures/jobs-cli-with-greeting.ts'
const schedules = loadSchedules()
const text = (code: JobsMessageCode, params?: Record<string, string | number>) => schedules.text(code, params)
const FILE_JOBS = schedules.jobs.map((j) => j.name)

const scratch = scratchDirs('liaison-jobs-cli-')
const freshDir = scratch.fresh
afterAll(scratch.removeAll)

/** Runs a jobs CLI (scripts/jobs.ts, or a test's with a job of its own) as `npm run jobs` does. */
const jobs = runTool

/** The data directory's store, opened here once no CLI holds it. */
async function withStore<T>(dataDir: string, use: (store: Awaited<ReturnType<typeof openToolStore>>) => Promise<T>): Promise<T> {
  const store = await openToolStore(loadConfig({ DATA_DIR: dataDir }).store, silentLogger())
  try {
    return await use(store)
  } finally {
    await store.close()
  }
}

describe('npm run jobs', () => {
  it('stops with exit 2 and the Chinese usage listing the jobs, before opening the store', async () => {
    const dataDir = freshDir()
    const usage = text('USAGE', { jobs: [...FILE_JOBS, 'greet-admins'].join('、') })
    const [real, none, unknown, badTime] = await Promise.all([
      jobs('scripts/jobs.ts', ['start'], dataDir),
      jobs(WITH_GREETING, [], dataDir),
      jobs(WITH_GREETING, ['run', 'yearly-appraisal', '--at', '2026-11-16T09:00'], dataDir),
      jobs(WITH_GREETING, ['run', 'greet-admins', '--at', '下周一'], dataDir),
    ])
    expect(real).toMatchObject({ code: 2, stdout: '', stderr: `${text('USAGE', { jobs: FILE_JOBS.join('、') })}\n` })
    expect(none).toMatchObject({ code: 2, stdout: '', stderr: `${usage}\n` })
    expect(unknown).toMatchObject({ code: 2, stdout: '', stderr: `${text('UNKNOWN_JOB', { job: 'yearly-appraisal' })}\n${usage}\n` })
    expect(badTime).toMatchObject({ code: 2, stdout: '', stderr: `${text('BAD_TIME', { at: '下周一' })}\n` })
    expect(readdirSync(dataDir)).toEqual([])
  })

  it('lists each job with its schedules, last completed fire and next fire', async () => {
    const dataDir = freshDir()
    await withStore(dataDir, async (store) => {
      const fires = await JobFires.open(store.connection)
      await fires.shouldRun(fireKey('greet-admins', new Date('2026-11-16T09:00:00+08:00')), 60_000)
      await fires.finish(fireKey('greet-admins', new Date('2026-11-16T09:00:00+08:00')))
    })
    const listed = await jobs(WITH_GREETING, ['list'], dataDir)
    expect(listed).toMatchObject({ code: 0, stderr: '' })
    expect(listed.lines.slice(0, 3)).toEqual([
      text('STORE_DATA_DIR', { dataDir }),
      text('LIST_QUIET_HOURS', { from: '21:00', to: '08:00' }),
      text('LIST_HEADER'),
    ])
    expect(listed.lines[3]!.split('\t')).toEqual(['weekly-nudge', '0 9 * * 1；0 15 * * 4', '1d', text('LIST_NEVER'), expect.stringMatching(/^\d{4}-\d{2}-\d{2} (09|15):00$/)])
    expect(listed.lines).toHaveLength(3 + FILE_JOBS.length + 1)
    expect(listed.lines.at(-1)).toMatch(/^greet-admins\t0 9 \* \* 1\t6h\t2026-11-16 09:00\t\d{4}-\d{2}-\d{2} 09:00$/)
  })

  it('prints the messages of a dry run and enqueues nothing; a real run enqueues them once for the bot to send', async () => {
    const dataDir = freshDir()
    const at = '2026-11-16T09:00'
    const messages = [
      text('MESSAGE', { to: text('RECIPIENT_ADMINS', { platform: 'local' }), repeated: '', text: '本周联系工作开始了（2026-11-16）' }),
      text('MESSAGE', { to: text('RECIPIENT_PERSON', { platform: 'local', id: 'zhangjianguo' }), repeated: '', text: '张书记，早上好' }),
      text('MESSAGE', { to: text('RECIPIENT_ADMINS', { platform: 'local' }), repeated: text('MESSAGE_REPEATED'), text: '本周联系工作开始了（2026-11-16）' }),
    ].flatMap((m) => m.split('\n'))

    const dry = await jobs(WITH_GREETING, ['run', 'greet-admins', '--at', at, '--dry-run'], dataDir)
    expect(dry).toMatchObject({ code: 0, stderr: '' })
    expect(dry.lines).toEqual([text('STORE_DATA_DIR', { dataDir }), text('DRY_RUN', { job: 'greet-admins', at: '2026-11-16 09:00', count: 2 }), ...messages])
    expect(await withStore(dataDir, (store) => store.connection.collection('outbox_messages').countDocuments())).toBe(0)

    const real = await jobs(WITH_GREETING, ['run', 'greet-admins', '--at', at], dataDir)
    expect(real).toMatchObject({ code: 0, stderr: '' })
    expect(real.lines).toEqual([
      text('STORE_DATA_DIR', { dataDir }),
      ...messages,
      text('RUN_DONE', { job: 'greet-admins', at: '2026-11-16 09:00', inserted: 2, existing: 1 }),
      text('RUN_NO_BOT'),
    ])
    const again = await jobs(WITH_GREETING, ['run', 'greet-admins', '--at', '2026-11-16T01:00:00Z'], dataDir)
    expect(again.lines.at(-1)).toBe(text('RUN_DONE', { job: 'greet-admins', at: '2026-11-16 09:00', inserted: 0, existing: 3 }))
    const stored = await withStore(dataDir, (store) => store.connection.collection('outbox_messages').find({}, { sort: { key: 1 } }).toArray())
    expect(stored.map((m) => [m.key, m.status])).toEqual([
      ['greet-admins:2026-11-16', 'pending'],
      ['greet-admins:2026-11-16:zhangjianguo', 'pending'],
    ])
  })

  it('runs a duty job of schedules.yaml as a dry run: with nobody on the roster there is nobody to nudge', async () => {
    const run = await jobs(WITH_GREETING, ['run', 'weekly-nudge', '--at', '2026-11-16T09:00', '--dry-run'], freshDir())
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(run.lines.some((l) => l.includes(text('DRY_RUN', { job: 'weekly-nudge', at: '2026-11-16 09:00', count: 0 })))).toBe(true)
  })
})
