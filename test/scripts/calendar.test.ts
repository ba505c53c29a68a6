import { readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCalendarImportFormat, type CalendarMessageCode, type CalendarMessageParams } from '../../src/domain/calendar/calendar-import-format.ts'
import { neededYears } from '../../src/domain/calendar/calendar-overrides.ts'
import { shanghaiDate } from '../../src/domain/calendar/shanghai-date.ts'
import { startBotProcess, type BotProcess } from '../support/bot-process.ts'
import { ROOT, runTool, scratchDirs } from '../support/run-tool.ts'

const SAMPLE = path.join(ROOT, 'docs/sample-calendar-2026.csv')
const format = loadCalendarImportFormat()
const text = (code: CalendarMessageCode, params?: CalendarMessageParams) => format.text(code, params)

const scratch = scratchDirs('liaison-calendar-cli-')
const freshDir = scratch.fresh
let bot: BotProcess | undefined
afterAll(() => {
  bot?.child.kill('SIGKILL')
  scratch.removeAll()
})
const csv = (dir: string, name: string, content: string) => {
  const file = path.join(dir, name)
  writeFileSync(file, content)
  return file
}

/** Runs the real CLI as `npm run calendar` does. */
const calendar = (args: readonly string[], dataDir: string) => runTool('scripts/calendar.ts', args, dataDir)

const counts = (created: number, updated: number, unchanged: number) => text('REPORT_COUNTS', { created, updated, unchanged })
/** A made-up 2027 schedule in the shapes admins type dates in (the real one is not published yet). */
const SCHEDULE_2027 = '日期,类型,说明\n2027/1/1,节假日,元旦\n2027年2月6日,节假日,春节\n46418,调休上班,春节\n'

describe('npm run calendar, on a data directory nobody holds', () => {
  const dataDir = freshDir()

  it('imports the sample school days, then lists them', async () => {
    const imported = await calendar(['import', SAMPLE], dataDir)
    expect(imported).toMatchObject({ code: 0, stderr: '' })
    expect(imported.lines).toEqual([text('STORE_DATA_DIR', { dataDir }), counts(3, 0, 0), text('REPORT_ALL_TAKEN')])

    const listed = await calendar(['list'], dataDir)
    expect(listed.code).toBe(0)
    expect(listed.lines.slice(1)).toEqual([
      '日期\t类型\t说明',
      '2026-11-06\t休息日\t秋季运动会，全校停课（示例）',
      '2026-11-14\t工作日\t运动会调课，周六上班（示例）',
      '2026-12-31\t休息日\t元旦前学校放假一天（示例）',
      text('LIST_COUNT', { count: 3 }),
    ])
  })

  it('imports it again without changing anything', async () => {
    expect((await calendar(['import', SAMPLE], dataDir)).lines).toContain(counts(0, 0, 3))
  })

  it('declares 2027 complete with its schedule, and status then says where each year comes from', async () => {
    const file = csv(dataDir, '2027.csv', SCHEDULE_2027)
    const imported = await calendar(['import', file, '--complete-year', '2027'], dataDir)
    expect(imported.code).toBe(0)
    expect(imported.lines.slice(1)).toEqual([counts(3, 0, 0), text('REPORT_ALL_TAKEN'), text('REPORT_COMPLETE', { years: '2027' })])
    expect((await calendar(['list', '--year', '2027'], dataDir)).lines.slice(1)).toEqual([
      '日期\t类型\t说明',
      '2027-01-01\t休息日\t元旦',
      '2027-01-31\t工作日\t春节',
      '2027-02-06\t休息日\t春节',
      text('LIST_COUNT', { count: 3 }),
      text('LIST_COMPLETE', { years: '2027' }),
    ])

    const needed = neededYears(shanghaiDate(new Date()))
    const missing = needed.filter((year) => year < 2004 || year > 2027)
    const status = await calendar(['status'], dataDir)
    expect(status.code).toBe(missing.length > 0 ? 1 : 0)
    expect(status.lines.slice(1)).toEqual([
      text('STATUS_PACKAGE', { version: '1.5.7', years: '2004–2026' }),
      text('STATUS_OVERRIDES', { years: '2027' }),
      text('STATUS_DAYS', { count: 6 }),
      text('STATUS_NEEDED', { years: format.years(needed) }),
      missing.length > 0 ? text('STATUS_MISSING', { years: format.years(missing) }) : text('STATUS_OK'),
    ])
  })
})

describe('npm run calendar', () => {
  it('status names the needed years nothing covers, and exits 1', async () => {
    const dataDir = freshDir()
    const needed = neededYears(shanghaiDate(new Date()))
    const missing = needed.filter((year) => year > 2026)
    const status = await calendar(['status'], dataDir)
    expect(status.lines.slice(1)).toEqual([
      text('STATUS_PACKAGE', { version: '1.5.7', years: '2004–2026' }),
      text('STATUS_OVERRIDES_NONE'),
      text('STATUS_DAYS', { count: 0 }),
      text('STATUS_NEEDED', { years: format.years(needed) }),
      missing.length > 0 ? text('STATUS_MISSING', { years: format.years(missing) }) : text('STATUS_OK'),
    ])
    expect(status.code).toBe(missing.length > 0 ? 1 : 0)
  })

  it('writes nothing on a dry run', async () => {
    const dataDir = freshDir()
    const dryRun = await calendar(['import', csv(dataDir, '2027.csv', SCHEDULE_2027), '--dry-run', '--complete-year', '2027'], dataDir)
    expect(dryRun.code).toBe(0)
    expect(dryRun.lines.slice(0, 3)).toEqual([text('STORE_DATA_DIR', { dataDir }), text('REPORT_DRY_RUN'), counts(3, 0, 0)])
    expect((await calendar(['list'], dataDir)).lines).toEqual([text('STORE_DATA_DIR', { dataDir }), text('LIST_EMPTY')])
  })

  it('lists refused rows in Chinese by the row Excel shows, imports the rest, declares no year and exits 1', async () => {
    const dataDir = freshDir()
    const file = csv(dataDir, 'bad.csv', '日期,类型,说明\n2027-01-01,节假日,元旦\n2027-02-30,节假日,\n2027-02-06,调休,春节\n')
    const run = await calendar(['import', file, '--complete-year', '2027'], dataDir)
    expect(run.code).toBe(1)
    expect(run.lines.slice(1)).toEqual([
      counts(1, 0, 0),
      text('REPORT_REFUSED', { count: 2 }),
      `  ${text('REPORT_ROW', { row: 3, reasons: text('DATE_INVALID', { date: '2027-02-30' }) })}`,
      `  ${text('REPORT_ROW', { row: 4, reasons: text('KIND_UNKNOWN', { kind: '调休', accepted: format.acceptedKinds().join('、') }) })}`,
      text('REPORT_NOT_COMPLETE_REFUSED', { years: '2027' }),
      text('REPORT_UNKNOWN_YEARS', { years: '2027' }),
    ])
  })

  it('stops with exit 2 and one Chinese line, before opening the store, for usage and file errors', async () => {
    const dataDir = freshDir()
    const files = freshDir()
    const noKind = csv(files, 'no-kind.csv', '日期,说明\n2027-01-01,元旦\n')
    const runs = await Promise.all([
      calendar([], dataDir),
      calendar(['import'], dataDir),
      calendar(['import', SAMPLE, '--complete-year', '27'], dataDir),
      calendar(['list', '--dry-run'], dataDir),
      calendar(['status', '--year', '2027'], dataDir),
      calendar(['import', noKind], dataDir),
      calendar(['import', path.join(files, 'calendar.xls')], dataDir),
    ])
    for (const run of runs.slice(0, 5)) expect(run).toMatchObject({ code: 2, stdout: '', stderr: `${text('USAGE')}\n` })
    expect(runs[5]).toMatchObject({ code: 2, stdout: '', stderr: `${text('FILE_COLUMNS_MISSING', { columns: '类型' })}\n` })
    expect(runs[6]).toMatchObject({ code: 2, stdout: '', stderr: `${text('FILE_TYPE', { file: path.join(files, 'calendar.xls') })}\n` })
    expect(readdirSync(dataDir)).toEqual([])
  })

  it('goes through the store of the bot that holds DATA_DIR, and says when the bot reads the new days', async () => {
    const dataDir = freshDir()
    bot = await startBotProcess({ DATA_DIR: dataDir, EMBEDDED_MONGO_PORT: '0', MONGODB_URI: '' })
    const imported = await calendar(['import', SAMPLE], dataDir)
    expect(imported.code).toBe(0)
    expect(imported.lines).toEqual([text('STORE_RUNNING_BOT', { pid: bot.child.pid!, port: bot.storePort }), counts(3, 0, 0), text('REPORT_ALL_TAKEN'), text('REPORT_REFRESH', { minutes: 5 })])
    bot.child.kill('SIGTERM')
    expect(await bot.exited()).toBe(0)
    expect((await calendar(['list'], dataDir)).lines.at(-1)).toBe(text('LIST_COUNT', { count: 3 }))
  })
})
