import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportRoster, rosterRecords } from '../../../src/domain/people/export-roster.ts'
import { importRoster } from '../../../src/domain/people/import-roster.ts'
import type { Person, Unit } from '../../../src/domain/people/person.ts'
import { readRosterTable, RosterFileError } from '../../../src/domain/people/read-roster-table.ts'
import { loadRosterFormat } from '../../../src/domain/people/roster-format.ts'
import { Assignments } from '../../../src/store/assignments.ts'
import type { Store } from '../../../src/store/open-store.ts'
import { People } from '../../../src/store/people.ts'
import { Units } from '../../../src/store/units.ts'
import { openTestStore } from '../../support/test-store.ts'

const format = loadRosterFormat()
const options = { dryRun: false, now: new Date('2026-09-01T08:00:00+08:00'), routedUnits: [] }
const dir = mkdtempSync(path.join(tmpdir(), 'liaison-roster-export-'))

let store: Store
let repositories: { people: People; units: Units; assignments: Assignments }
beforeAll(async () => {
  store = await openTestStore()
  repositories = { people: await People.open(store.connection), units: await Units.open(store.connection), assignments: await Assignments.open(store.connection) }
  await importRoster(await readRosterTable('docs/sample-roster.csv', format), repositories, format, options)
})
afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('exportRoster', () => {
  it.each(['roster.csv', 'roster.xlsx'])('writes %s so that importing it changes nothing', async (name) => {
    const file = path.join(dir, name)
    expect(await exportRoster(repositories, format, file)).toBe(17)
    const before = { people: await repositories.people.list(), assignments: await repositories.assignments.list() }
    const result = await importRoster(await readRosterTable(file, format), repositories, format, options)
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 17, newUnits: [], parsed: { refused: [], ignoredColumns: [] } })
    expect(result.assignments).toEqual({ added: 0, changed: 0, removed: 0, unchanged: before.assignments.length })
    expect({ people: await repositories.people.list(), assignments: await repositories.assignments.list() }).toEqual(before)
  })

  it('writes the links an admin added too, and importing them leaves them the admin\'s', async () => {
    const sunli = (await repositories.people.findByPlatformId('wecom', 'sunli'))!
    await repositories.assignments.upsert(sunli.id, { kind: 'dorm', target: '6号宿舍', aliases: ['六号楼'], source: 'admin' }, 'admin-id', options.now, '2026-09-01')
    const file = path.join(dir, 'admin.csv')
    await exportRoster(repositories, format, file)
    expect(readFileSync(file, 'utf8')).toContain('班级:计算机2101班、班级:计算机2102班、宿舍:5号宿舍、宿舍:6号宿舍=六号楼')
    const before = await repositories.assignments.list()
    const result = await importRoster(await readRosterTable(file, format), repositories, format, options)
    expect(result.assignments).toMatchObject({ added: 0, changed: 0, removed: 0 })
    expect(await repositories.assignments.list()).toEqual(before)
    expect(before.find((a) => a.target === '6号宿舍')).toMatchObject({ source: 'admin', aliases: ['六号楼'] })
  })

  it('writes CSV as UTF-8 with a BOM, the import headers first', async () => {
    const file = path.join(dir, 'bom.csv')
    await exportRoster(repositories, format, file)
    const lines = readFileSync(file, 'utf8').split('\r\n')
    expect(lines[0]).toBe('\ufeff姓名,单位,角色,企业微信ID,钉钉ID,职务,所属领导,办理单位,联系点')
    expect(lines).toContain('赵小燕,党委办公室,秘书,zhaoxiaoyan,dt_zhaoxiaoyan,党委办公室秘书,张建国,,')
    expect(lines).toContain('刘洋,学生工作部,职能部门负责人、办理人,liuyang,dt_liuyang,学生工作部部长,,,班级:计算机2102班、结对学生:王小明')
  })

  it('refuses other file types and says when the file cannot be written', async () => {
    await expect(exportRoster(repositories, format, path.join(dir, 'roster.xls'))).rejects.toMatchObject({ code: 'FILE_TYPE' })
    const error = await exportRoster(repositories, format, path.join(dir, 'missing', 'roster.csv')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RosterFileError)
    expect(error).toMatchObject({ code: 'FILE_UNWRITABLE' })
  })
})

describe('rosterRecords', () => {
  const units: Unit[] = [
    { id: 'u1', name: '党委', kind: 'other' },
    { id: 'u2', name: '计算机学院', kind: 'college' },
  ]
  const person = (p: Partial<Person> & Pick<Person, 'id' | 'name'>): Person => ({ roles: ['schoolLeader'], flags: [], secretaryOf: [], handlerOf: [], unitId: 'u1', ...p })

  it('writes roles by label, leaders who share a name with their unit, handler units unless only their own', () => {
    const people = [
      person({ id: 'a', name: '王伟', flags: ['partySecretary', 'president'] }),
      person({ id: 'b', name: '王伟', unitId: 'u2', roles: ['collegeLeader'] }),
      person({ id: 'c', name: '赵燕', roles: ['secretary'], secretaryOf: ['a', 'b'], wecomId: 'zhaoyan' }),
      person({ id: 'd', name: '吴刚', roles: ['departmentHead', 'handler'], handlerOf: ['u1'] }),
      person({ id: 'e', name: '郑敏', roles: ['handler'], handlerOf: ['u1', 'u2'], title: '科长' }),
    ]
    expect(rosterRecords(people, units, format).map((r) => [r.roles, r.leaders, r.handlerUnits])).toEqual([
      ['党委书记、校长', '', ''],
      ['学院领导', '', ''],
      ['秘书', '王伟（党委）、王伟（计算机学院）', ''],
      ['职能部门负责人、办理人', '', ''],
      ['办理人', '', '党委、计算机学院'],
    ])
  })
})
