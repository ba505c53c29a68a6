import { readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadRosterFormat, type MessageParams, type RosterMessageCode } from '../../src/domain/people/roster-format.ts'
import { startBotProcess, type BotProcess } from '../support/bot-process.ts'
import { ROOT, runTool, scratchDirs } from '../support/run-tool.ts'

const SAMPLE = path.join(ROOT, 'docs/sample-roster.csv')
const FIXTURES = path.join(ROOT, 'test/fixtures/roster')
const format = loadRosterFormat()
const text = (code: RosterMessageCode, params?: MessageParams) => format.text(code, params)

const scratch = scratchDirs('liaison-roster-cli-')
const freshDir = scratch.fresh
let bot: BotProcess | undefined
afterAll(() => {
  bot?.child.kill('SIGKILL')
  scratch.removeAll()
})

/** Runs the real CLI as `npm run roster` does. */
const roster = (args: readonly string[], dataDir: string, env: Record<string, string> = {}) => runTool('scripts/roster.ts', args, dataDir, env)

const counts = (created: number, updated: number, unchanged: number) => text('REPORT_COUNTS', { created, updated, unchanged })
const links = (added: number, changed: number, removed: number, unchanged: number) => text('REPORT_ASSIGNMENTS', { added, changed, removed, unchanged })

describe('npm run roster, on a data directory nobody holds', () => {
  const dataDir = freshDir()

  it('imports the sample roster, then lists its 17 people', async () => {
    const imported = await roster(['import', SAMPLE], dataDir)
    expect(imported).toMatchObject({ code: 0, stderr: '' })
    expect(imported.lines[0]).toBe(text('STORE_DATA_DIR', { dataDir }))
    expect(imported.lines).toContain(counts(17, 0, 0))
    expect(imported.lines).toContain(links(31, 0, 0, 0))
    expect(imported.lines).toContain(text('REPORT_ALL_TAKEN'))
    expect(imported.stdout).not.toContain(text('REPORT_NOTES'))

    const listed = await roster(['list'], dataDir)
    expect(listed.code).toBe(0)
    expect(listed.lines.slice(1, 3)).toEqual(['姓名\t单位\t角色\t企业微信ID\t钉钉ID', '张建国\t党委\t党委书记\tzhangjianguo\tdt_zhangjianguo'])
    expect(listed.lines).toHaveLength(1 + 1 + 17 + 1)
    expect(listed.lines.at(-1)).toBe(text('LIST_COUNT', { count: 17 }))
  })

  it('imports it again without adding anyone', async () => {
    const again = await roster(['import', SAMPLE], dataDir)
    expect(again.code).toBe(0)
    expect(again.lines).toContain(counts(0, 0, 17))
    expect(again.lines).toContain(links(0, 0, 0, 31))
  })

  it('exports the roster so that importing the export changes nothing', async () => {
    const file = path.join(dataDir, '名单.xlsx')
    const exported = await roster(['export', file], dataDir)
    expect(exported).toMatchObject({ code: 0, stderr: '' })
    expect(exported.lines).toEqual([text('STORE_DATA_DIR', { dataDir }), text('EXPORTED', { count: 17, file })])
    const reimported = await roster(['import', file], dataDir)
    expect(reimported.code).toBe(0)
    expect(reimported.lines).toContain(counts(0, 0, 17))
    expect(reimported.lines).toContain(links(0, 0, 0, 31))
  })
})

describe('npm run roster', () => {
  it('writes nothing on a dry run', async () => {
    const dataDir = freshDir()
    const dryRun = await roster(['import', SAMPLE, '--dry-run'], dataDir)
    expect(dryRun.code).toBe(0)
    expect(dryRun.lines.slice(0, 3)).toEqual([text('STORE_DATA_DIR', { dataDir }), text('REPORT_DRY_RUN'), counts(17, 0, 0)])
    expect((await roster(['list'], dataDir)).lines).toEqual([text('STORE_DATA_DIR', { dataDir }), text('LIST_EMPTY')])
  })

  it('lists refused rows in Chinese by the row Excel shows, imports the rest and exits 1', async () => {
    const run = await roster(['import', path.join(FIXTURES, 'bad-rows.csv')], freshDir())
    expect(run.code).toBe(1)
    const accepted = format.acceptedRoleNames().join('、')
    expect(run.lines).toContain(counts(1, 0, 0))
    const refused = run.lines.indexOf(text('REPORT_REFUSED', { count: 3 }))
    expect(run.lines.slice(refused, refused + 4)).toEqual([
      text('REPORT_REFUSED', { count: 3 }),
      `  ${text('REPORT_ROW_NO_NAME', { row: 3, reasons: text('NAME_MISSING') })}`,
      `  ${text('REPORT_ROW', { row: 4, name: '李四', reasons: text('ROLE_UNKNOWN', { role: '教授', accepted }) })}`,
      `  ${text('REPORT_ROW', { row: 5, name: '赵小燕', reasons: text('LEADER_UNKNOWN', { column: '所属领导', leader: '王五' }) })}`,
    ])
  })

  it('refuses a row whose 联系点 it cannot read, saying which item and why', async () => {
    const dir = freshDir()
    const file = path.join(dir, '名单.csv')
    writeFileSync(file, '姓名,单位,角色,企业微信ID,联系点\n陈志强,计算机学院,学院领导,chenzhiqiang,班级:计算机2101班、楼栋:3号楼\n孙丽,计算机学院,辅导员,sunli,班级:计算机2101班\n')
    const run = await roster(['import', file], dir)
    expect(run.code).toBe(1)
    expect(run.lines).toContain(counts(1, 0, 0))
    expect(run.lines).toContain(links(1, 0, 0, 0))
    const reason = text('ASSIGNMENT_KIND_UNKNOWN', { item: '楼栋:3号楼', kind: '楼栋', accepted: format.assignments.acceptedNames().join('、') })
    expect(run.lines).toContain(`  ${text('REPORT_ROW', { row: 2, name: '陈志强', reasons: reason })}`)
  })

  it('stops with exit 2 and one Chinese line, before opening the store, for usage and file errors', async () => {
    const dataDir = freshDir()
    const [none, unknown, columns, type] = await Promise.all([
      roster([], dataDir),
      roster(['delete', SAMPLE], dataDir),
      roster(['import', path.join(FIXTURES, 'no-roles-column.csv')], dataDir),
      roster(['export', path.join(dataDir, 'roster.xls')], dataDir),
    ])
    expect(none).toMatchObject({ code: 2, stdout: '', stderr: `${text('USAGE')}\n` })
    expect(unknown).toMatchObject({ code: 2, stdout: '', stderr: `${text('USAGE')}\n` })
    expect(columns).toMatchObject({ code: 2, stdout: '', stderr: `${text('FILE_COLUMNS_MISSING', { columns: '角色' })}\n` })
    expect(type).toMatchObject({ code: 2, stdout: '', stderr: `${text('FILE_TYPE', { file: path.join(dataDir, 'roster.xls') })}\n` })
    expect(readdirSync(dataDir)).toEqual([])
  })

  it('stops with exit 1 and the configuration error, never showing a secret', async () => {
    const run = await roster(['list'], freshDir(), { MONGODB_URI: 'postgres://admin:hunter2@db/liaison' })
    expect(run).toMatchObject({ code: 1, stdout: '' })
    expect(run.stderr).toMatch(/^Invalid configuration: MONGODB_URI .*\n$/)
    expect(run.stderr).not.toContain('hunter2')
  })

  it('goes through the store of the bot that holds DATA_DIR, whose data then stays', async () => {
    const dataDir = freshDir()
    bot = await startBotProcess({ DATA_DIR: dataDir, EMBEDDED_MONGO_PORT: '0', MONGODB_URI: '' })
    const imported = await roster(['import', SAMPLE], dataDir)
    expect(imported.code).toBe(0)
    expect(imported.lines[0]).toBe(text('STORE_RUNNING_BOT', { pid: bot.child.pid!, port: bot.storePort }))
    expect(imported.lines).toContain(counts(17, 0, 0))

    bot.child.kill('SIGTERM')
    expect(await bot.exited()).toBe(0)
    const listed = await roster(['list'], dataDir)
    expect(listed.lines[0]).toBe(text('STORE_DATA_DIR', { dataDir }))
    expect(listed.lines.at(-1)).toBe(text('LIST_COUNT', { count: 17 }))
  })
})
