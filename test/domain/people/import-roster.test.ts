import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { importRoster, type ImportRosterOptions } from '../../../src/domain/people/import-roster.ts'
import type { RosterTable } from '../../../src/domain/people/parse-roster.ts'
import { readRosterTable } from '../../../src/domain/people/read-roster-table.ts'
import { loadRosterFormat } from '../../../src/domain/people/roster-format.ts'
import { loadRouting } from '../../../src/domain/opinions/routing.ts'
import type { Store } from '../../../src/store/open-store.ts'
import { People } from '../../../src/store/people.ts'
import { Units } from '../../../src/store/units.ts'
import { loadVocabulary } from '../../../src/understanding/vocabulary.ts'
import { openTestStore } from '../../support/test-store.ts'

const format = loadRosterFormat()
const vocabulary = loadVocabulary('conversations/vocabulary')
const routedUnits = loadRouting({ categories: vocabulary.categories.categories.map((c) => c.label), contactKinds: vocabulary.kinds.kinds.map((k) => k.label) }).unitNames()
const options: ImportRosterOptions = { dryRun: false, now: new Date('2026-09-01T08:00:00+08:00'), routedUnits }

let store: Store
let repositories: { people: People; units: Units }
let sample: RosterTable
beforeAll(async () => {
  store = await openTestStore()
  repositories = { people: await People.open(store.connection), units: await Units.open(store.connection) }
  sample = await readRosterTable('docs/sample-roster.csv', format)
})
afterAll(() => store.close())
beforeEach(async () => {
  for (const collection of ['people', 'units']) await store.connection.collection(collection).deleteMany({})
})

/** The sample with one cell changed, by the person's name and the column's header. */
function withCell(name: string, header: string, value: string): RosterTable {
  return { ...sample, rows: sample.rows.map((r) => (r.cells['姓名'] === name ? { ...r, cells: { ...r.cells, [header]: value } } : r)) }
}

function withRow(cells: Record<string, string>): RosterTable {
  return { ...sample, rows: [...sample.rows, { row: sample.rows.length + 2, cells }] }
}

const snapshot = async () => ({ people: await repositories.people.list(), units: await repositories.units.list() })

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
    expect(await snapshot()).toEqual({ people: [], units: [] })
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
