import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { importRoster, type ImportRosterOptions } from '../../../src/domain/people/import-roster.ts'
import type { RosterTable } from '../../../src/domain/people/parse-roster.ts'
import { readRosterTable } from '../../../src/domain/people/read-roster-table.ts'
import { loadRosterFormat } from '../../../src/domain/people/roster-format.ts'
import { loadRouting } from '../../../src/domain/opinions/routing.ts'
import { Assignments } from '../../../src/store/assignments.ts'
import type { Store } from '../../../src/store/open-store.ts'
import { People } from '../../../src/store/people.ts'
import { Units } from '../../../src/store/units.ts'
import { loadVocabulary } from '../../../src/understanding/vocabulary.ts'
import { openTestStore } from '../../support/test-store.ts'

const format = loadRosterFormat()
const vocabulary = loadVocabulary('conversations/vocabulary')
const routedUnits = loadRouting({ categories: vocabulary.categories.categories.map((c) => c.label) }).unitNames()
const options: ImportRosterOptions = { dryRun: false, now: new Date('2026-09-01T08:00:00+08:00'), routedUnits }

let store: Store
let repositories: { people: People; units: Units; assignments: Assignments }
let sample: RosterTable
beforeAll(async () => {
  store = await openTestStore()
  repositories = { people: await People.open(store.connection), units: await Units.open(store.connection), assignments: await Assignments.open(store.connection) }
  sample = await readRosterTable('docs/sample-roster.csv', format)
})
afterAll(() => store.close())
beforeEach(async () => {
  for (const collection of ['people', 'units', 'assignments']) await store.connection.collection(collection).deleteMany({})
})

/** The sample with one cell changed, by the person's name and the column's header. */
function withCell(name: string, header: string, value: string): RosterTable {
  return { ...sample, rows: sample.rows.map((r) => (r.cells['姓名'] === name ? { ...r, cells: { ...r.cells, [header]: value } } : r)) }
}

function withRow(cells: Record<string, string>): RosterTable {
  return { ...sample, rows: [...sample.rows, { row: sample.rows.length + 2, cells }] }
}

const snapshot = async () => ({ people: await repositories.people.list(), units: await repositories.units.list(), assignments: await repositories.assignments.list() })

describe('importRoster', () => {
  it('imports the sample roster: every row, its units with their kinds, secretaries and handlers linked', async () => {
    const result = await importRoster(sample, repositories, format, options)
    expect(result).toMatchObject({ created: 17, updated: 0, unchanged: 0, unitsWithoutHandler: [] })
    expect(result.parsed).toMatchObject({ refused: [], notes: [], ignoredColumns: [] })
    expect(result.newUnits).toContainEqual({ name: '计算机学院', kind: 'college' })
    expect(result.newUnits).toContainEqual({ name: '计算机学院学生第一党支部', kind: 'branch' })
    expect(result.newUnits).toContainEqual({ name: '后勤管理处', kind: 'office' })
    expect(result.newUnits).toContainEqual({ name: '党委', kind: 'other' })

    const { people, units } = await snapshot()
    expect(people).toHaveLength(17)
    expect(units.map((u) => u.name).sort()).toEqual(result.newUnits.map((u) => u.name).sort())
    const byName = (name: string) => people.find((p) => p.name === name)!
    const unitId = (name: string) => units.find((u) => u.name === name)!.id
    expect(byName('张建国')).toMatchObject({ roles: ['schoolLeader'], flags: ['partySecretary'], wecomId: 'zhangjianguo', dingtalkId: 'dt_zhangjianguo', unitId: unitId('党委') })
    expect(byName('赵小燕').secretaryOf).toEqual([byName('张建国').id])
    expect(byName('钱进')).toMatchObject({ roles: ['admin', 'handler'], handlerOf: [unitId('党委办公室')] })
  })

  it('changes nothing when the same roster is imported again', async () => {
    await importRoster(sample, repositories, format, options)
    const before = await snapshot()
    const again = await importRoster(sample, repositories, format, options)
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 17, newUnits: [] })
    expect(await snapshot()).toEqual(before)
  })

  it('updates the one person whose cell changed, in place', async () => {
    await importRoster(sample, repositories, format, options)
    const before = await repositories.people.findByPlatformId('wecom', 'sunli')
    const result = await importRoster(withCell('孙丽', '职务', '计算机学院党委副书记'), repositories, format, options)
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 16 })
    expect(await repositories.people.findByPlatformId('wecom', 'sunli')).toEqual({ ...before, title: '计算机学院党委副书记' })
  })

  it('writes nothing on a dry run, yet says what would change', async () => {
    await importRoster(sample, repositories, format, options)
    const before = await snapshot()
    const table = withRow({ 姓名: '马兰', 单位: '档案馆', 角色: '办理人', 企业微信ID: 'malan' })
    const result = await importRoster({ ...table, rows: table.rows.map((r) => (r.cells['姓名'] === '孙丽' ? { ...r, cells: { ...r.cells, 职务: '副书记' } } : r)) }, repositories, format, { ...options, dryRun: true })
    expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 16, newUnits: [{ name: '档案馆', kind: 'office' }] })
    expect(await snapshot()).toEqual(before)
  })

  it('a dry run on an empty store links secretaries to the leaders it would create', async () => {
    const result = await importRoster(sample, repositories, format, { ...options, dryRun: true })
    expect(result).toMatchObject({ created: 17, unitsWithoutHandler: [] })
    expect(await snapshot()).toEqual({ people: [], units: [], assignments: [] })
  })

  it('creates a new unit with the kind its name ends in, and keeps a stored unit as it is', async () => {
    await repositories.units.ensure('党委', 'office', options.now)
    const result = await importRoster(withRow({ 姓名: '周红', 单位: '化工学院学生第一党支部', 角色: '党支部书记', 企业微信ID: 'zhouhong' }), repositories, format, options)
    expect(result.newUnits).toContainEqual({ name: '化工学院学生第一党支部', kind: 'branch' })
    expect(result.newUnits.map((u) => u.name)).not.toContain('党委')
    expect(await repositories.units.findByName('化工学院学生第一党支部')).toMatchObject({ kind: 'branch' })
    expect(await repositories.units.findByName('党委')).toMatchObject({ kind: 'office' })
  })

  it('lists the routed units nobody handles after the import', async () => {
    const result = await importRoster(withCell('郑敏', '角色', '中层干部'), repositories, format, { ...options, routedUnits: [...routedUnits, '档案馆'] })
    expect(result.unitsWithoutHandler).toEqual(['教务处', '档案馆'])
  })

  it('a handler of the stored roster still counts when the new file leaves them out', async () => {
    await importRoster(sample, repositories, format, options)
    const result = await importRoster({ ...sample, rows: sample.rows.filter((r) => r.cells['姓名'] !== '郑敏') }, repositories, format, options)
    expect(result).toMatchObject({ unchanged: 16, unitsWithoutHandler: [] })
  })
})

describe('importRoster and the 联系点 column', () => {
  const linksOf = async (wecomId: string) => {
    const person = (await repositories.people.findByPlatformId('wecom', wecomId))!
    return (await repositories.assignments.list({ personId: person.id })).map((a) => [a.kind, a.target, a.source])
  }

  it('links the sample leaders to their classes, branches and people', async () => {
    const result = await importRoster(sample, repositories, format, options)
    expect(result.assignments).toEqual({ added: 31, changed: 0, removed: 0, unchanged: 0 })
    expect(await linksOf('sunli')).toEqual([
      ['class', '计算机2101班', 'roster'],
      ['class', '计算机2102班', 'roster'],
      ['dorm', '5号宿舍', 'roster'],
    ])
    expect(await linksOf('chenzhiqiang')).toContainEqual(['course', '中国近现代史纲要', 'roster'])
    expect(await linksOf('zhangjianguo')).toContainEqual(['mustTalk', '李明华', 'roster'])
    const [link] = await repositories.assignments.list({ kind: 'youngTeacher' })
    expect(link).toMatchObject({ target: '李明', aliases: [], since: '2026-09-01', source: 'roster' })
  })

  it('changes nothing when imported again', async () => {
    await importRoster(sample, repositories, format, options)
    const before = await repositories.assignments.list()
    const again = await importRoster(sample, repositories, format, { ...options, now: new Date('2026-10-01T08:00:00+08:00') })
    expect(again.assignments).toEqual({ added: 0, changed: 0, removed: 0, unchanged: 31 })
    expect(await repositories.assignments.list()).toEqual(before)
  })

  it("replaces a person's roster links with the cell's, and keeps those an admin added", async () => {
    await importRoster(sample, repositories, format, options)
    const sunli = (await repositories.people.findByPlatformId('wecom', 'sunli'))!
    await repositories.assignments.upsert(sunli.id, { kind: 'club', target: '吉他社', aliases: [], source: 'admin' }, 'admin-id', options.now, '2026-09-01')
    const later = { ...options, now: new Date('2026-11-02T08:00:00+08:00') }
    const result = await importRoster(withCell('孙丽', '联系点', '班级:计算机2101班=计科2101、计算机2103班'), repositories, format, later)
    expect(result.assignments).toEqual({ added: 1, changed: 1, removed: 2, unchanged: 28 })
    expect(await repositories.assignments.list({ personId: sunli.id })).toMatchObject([
      { kind: 'class', target: '计算机2101班', aliases: ['计科2101'], since: '2026-09-01' },
      { kind: 'club', target: '吉他社', source: 'admin' },
      { kind: 'class', target: '计算机2103班', since: '2026-11-02' },
    ])
    const history = await store.connection.collection('assignments').findOne({ personId: sunli.id, key: '5号宿舍' })
    expect(history).toMatchObject({ removedAt: later.now, history: [{ action: 'added', by: 'roster' }, { action: 'removed', by: 'roster', at: later.now }] })
  })

  it('an empty cell ends the roster links; a file without the column leaves every link alone', async () => {
    await importRoster(sample, repositories, format, options)
    const without = { headers: sample.headers.filter((h) => h !== '联系点'), rows: sample.rows }
    expect((await importRoster(without, repositories, format, options)).assignments).toBeUndefined()
    expect(await linksOf('sunli')).toHaveLength(3)
    expect((await importRoster(withCell('孙丽', '联系点', ''), repositories, format, options)).assignments).toMatchObject({ removed: 3 })
    expect(await linksOf('sunli')).toEqual([])
  })

  it('a dry run counts the links it would write and writes none', async () => {
    const result = await importRoster(sample, repositories, format, { ...options, dryRun: true })
    expect(result.assignments).toEqual({ added: 31, changed: 0, removed: 0, unchanged: 0 })
    expect(await repositories.assignments.list()).toEqual([])
  })

  it('checks the column but writes nothing without an assignments collection', async () => {
    const result = await importRoster(sample, { people: repositories.people, units: repositories.units }, format, options)
    expect(result).toMatchObject({ created: 17, assignments: undefined, parsed: { refused: [] } })
    expect(await repositories.assignments.list()).toEqual([])
  })
})
