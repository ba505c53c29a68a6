import { describe, expect, it } from 'vitest'
import { parseRoster, type PersonDraft } from '../../../src/domain/people/parse-roster.ts'
import { loadRosterFormat } from '../../../src/domain/people/roster-format.ts'
import { known, table } from './roster-tables.ts'

const format = loadRosterFormat()

function onlyPerson(rows: ReadonlyArray<Partial<Record<string, string>>>, headers?: readonly string[]): PersonDraft {
  const parsed = parseRoster(table(rows, headers), format, [])
  expect(parsed.refused).toEqual([])
  return parsed.people[0]!
}

describe('parseRoster cleans cells typed by hand', () => {
  it.each([
    ['full-width letters and digits in ids', { 企业微信ID: 'ＷａｎｇＪＧ０１' }, { wecomId: 'WangJG01' }],
    ['spaces typed into ids', { 钉钉ID: ' dt_ wang ' }, { dingtalkId: 'dt_wang' }],
    ['names padded to three characters', { 姓名: '王　伟' }, { name: '王伟' }],
    ['spaces and a zero-width space around names', { 姓名: ' 王伟\u200b ', 单位: '  计算机学院 ' }, { name: '王伟', unitName: '计算机学院' }],
    ['Latin names keep their space', { 姓名: 'Anna  Li' }, { name: 'Anna Li' }],
    ['spaces inside the title collapse', { 职务: ' 党委  副书记 ' }, { title: '党委 副书记' }],
  ])('%s', (_, cells, expected) => {
    expect(onlyPerson([{ 姓名: '王建国', 单位: '党委', 角色: '校领导', ...cells }])).toMatchObject(expected)
  })

  it.each(['职能部门负责人、办理人', '职能部门负责人,办理人', '职能部门负责人，办理人', '职能部门负责人;办理人', '职能部门负责人；办理人', '职能部门负责人\n办理人', '职能部门负责人\r\n办理人 、'])(
    'roles separated as in %j',
    (roles) => {
      expect(onlyPerson([{ 姓名: '刘洋', 单位: '学生工作部', 角色: roles, 企业微信ID: 'liuyang' }]).roles).toEqual(['departmentHead', 'handler'])
    },
  )

  it.each([
    ['党委书记', ['schoolLeader'], ['partySecretary']],
    ['校长', ['schoolLeader'], ['president']],
    ['党委书记、校长', ['schoolLeader'], ['partySecretary', 'president']],
    ['副校长', ['schoolLeader'], []],
    ['校领导、校领导班子成员', ['schoolLeader'], []],
    ['支部书记', ['branchSecretary'], []],
    ['学院 党委 书记', ['collegeLeader'], []],
  ])('%s is %j with flags %j', (written, roles, flags) => {
    expect(onlyPerson([{ 姓名: '张建国', 单位: '党委', 角色: written }])).toMatchObject({ roles, flags })
  })

  it('finds columns by any of their names, whatever the spacing, width or case', () => {
    const person = onlyPerson([{ 名字: '王建国', 所在部门: '党委', 身份: '校领导', '企业微信 userid': 'wang', ＤｉｎｇＴａｌｋＩＤ: 'dt_wang' }], ['名字', '所在部门', '身份', '企业微信 userid', 'ＤｉｎｇＴａｌｋＩＤ'])
    expect(person).toMatchObject({ name: '王建国', unitName: '党委', wecomId: 'wang', dingtalkId: 'dt_wang' })
  })

  it('skips empty rows and reports columns it does not know or already has', () => {
    const headers = ['序号', '姓名', '单位', '角色', '部门', '']
    const parsed = parseRoster(table([{ 序号: '1', 姓名: '王建国', 单位: '党委', 角色: '校领导', 部门: '计算机学院' }, { 序号: ' ' }], headers), format, [])
    expect(parsed).toMatchObject({ refused: [], ignoredColumns: ['序号', '部门'] })
    expect(parsed.people.map((p) => p.unitName)).toEqual(['党委'])
  })
})

describe('parseRoster works out who each row is', () => {
  it('a leader without platform ids is taken, with a note', () => {
    const parsed = parseRoster(table([{ 姓名: '王建国', 单位: '党委', 角色: '校领导' }]), format, [])
    expect(parsed.people).toHaveLength(1)
    expect(parsed.notes).toEqual([{ row: 2, name: '王建国', reasons: [format.text('NO_PLATFORM_ID')] }])
  })

  it('a handler handles their own unit unless the row names others', () => {
    const rows = [
      { 姓名: '吴刚', 单位: '后勤管理处', 角色: '办理人', 企业微信ID: 'wugang' },
      { 姓名: '郑敏', 单位: '教务处', 角色: '办理人', 企业微信ID: 'zhengmin', 办理单位: '教务处、研究生院' },
    ]
    expect(parseRoster(table(rows), format, []).people.map((p) => p.handlerUnitNames)).toEqual([['后勤管理处'], ['教务处', '研究生院']])
  })

  it('a secretary names leaders of any row or stored, by name or 姓名（单位）', () => {
    const rows = [
      { 姓名: '赵燕', 单位: '党委办公室', 角色: '秘书', 企业微信ID: 'zhaoyan', 所属领导: '王建国（计算机学院），李明华' },
      { 姓名: '王建国', 单位: '计算机学院', 角色: '学院领导' },
    ]
    const parsed = parseRoster(table(rows), format, [known({ id: 'p1', name: '王建国' }), known({ id: 'p2', name: '李明华' })])
    expect(parsed.people[0]!.leaders).toEqual([{ row: 3 }, { personId: 'p2' }])
  })

  it('same name and unit with different ids are two people', () => {
    const rows = [
      { 姓名: '王伟', 单位: '计算机学院', 角色: '辅导员', 企业微信ID: 'wangwei1' },
      { 姓名: '王伟', 单位: '计算机学院', 角色: '辅导员', 企业微信ID: 'wangwei2' },
    ]
    expect(parseRoster(table(rows), format, []).people).toHaveLength(2)
  })

  it('finds stored people by WeCom id, then DingTalk id, then name and unit', () => {
    const stored = [
      known({ id: 'p1', name: '王建国', wecomId: 'wang' }),
      known({ id: 'p2', name: '李明', unitName: '教务处', dingtalkId: 'dt_li' }),
      known({ id: 'p3', name: '孙丽', unitName: '计算机学院', roles: ['counsellor'] }),
    ]
    const rows = [
      { 姓名: '王建国（改名）', 单位: '校长办公室', 角色: '校长', 企业微信ID: 'wang' },
      { 姓名: '李明', 单位: '教务处', 角色: '办理人', 钉钉ID: 'dt_li' },
      { 姓名: '孙丽', 单位: '计算机学院', 角色: '辅导员', 企业微信ID: 'sunli' },
      { 姓名: '孙丽', 单位: '外国语学院', 角色: '辅导员' },
    ]
    expect(parseRoster(table(rows), format, stored).people.map((p) => p.matchId)).toEqual(['p1', 'p2', 'p3', undefined])
  })

  it('a column the file lacks keeps what is stored; an empty cell of a column it has clears it', () => {
    const secretary = known({ id: 's1', name: '赵燕', unitName: '党委办公室', roles: ['secretary'], wecomId: 'zhaoyan', dingtalkId: 'dt_zhao', title: '秘书', secretaryOf: ['p1'] })
    const parsed = parseRoster(table([{ 姓名: '赵燕', 单位: '党委办公室', 角色: '秘书', 钉钉ID: '' }], ['姓名', '单位', '角色', '钉钉ID']), format, [secretary])
    expect(parsed.people[0]).toMatchObject({ matchId: 's1', wecomId: 'zhaoyan', dingtalkId: undefined, title: '秘书', leaders: [{ personId: 'p1' }] })
  })

  it('a handler keeps their stored handler units when the file has no such column', () => {
    const handler = known({ id: 'h1', name: '吴刚', unitName: '后勤管理处', roles: ['handler'], wecomId: 'wugang', handlerUnitNames: ['后勤管理处', '保卫处'] })
    const parsed = parseRoster(table([{ 姓名: '吴刚', 单位: '后勤管理处', 角色: '办理人' }], ['姓名', '单位', '角色']), format, [handler])
    expect(parsed.people[0]!.handlerUnitNames).toEqual(['后勤管理处', '保卫处'])
  })
})
