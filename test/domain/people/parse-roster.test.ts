import { describe, expect, it } from 'vitest'
import { parseRoster, type KnownPerson } from '../../../src/domain/people/parse-roster.ts'
import { loadRosterFormat, type MessageParams, type RosterMessageCode } from '../../../src/domain/people/roster-format.ts'
import { known, table } from './roster-tables.ts'

const format = loadRosterFormat()
const accepted = format.acceptedRoleNames().join('、')
const acceptedKinds = format.assignments.acceptedNames().join('、')
const text = (code: RosterMessageCode, params?: MessageParams) => format.text(code, params)

const leader = { 姓名: '王建国', 单位: '党委', 角色: '校领导', 企业微信ID: 'wangjianguo' }
const storedWang = known({ id: 'p1', name: '王建国', wecomId: 'wangjianguo', dingtalkId: 'dt_wang' })
const storedLi = known({ id: 'p2', name: '李明', unitName: '教务处', roles: ['handler'], dingtalkId: 'dt_li' })

interface Refusal {
  readonly case: string
  readonly rows: ReadonlyArray<Record<string, string>>
  readonly known?: readonly KnownPerson[]
  readonly row: number
  readonly reasons: ReadonlyArray<readonly [RosterMessageCode, MessageParams?]>
}

const refusals: readonly Refusal[] = [
  { case: 'no name', rows: [{ 单位: '党委', 角色: '校领导' }], row: 2, reasons: [['NAME_MISSING']] },
  { case: 'no unit', rows: [{ 姓名: '王建国', 角色: '校领导' }], row: 2, reasons: [['UNIT_MISSING']] },
  { case: 'two units', rows: [{ ...leader, 单位: '党委，校长办公室' }], row: 2, reasons: [['UNIT_SEVERAL', { units: '党委、校长办公室' }]] },
  { case: 'no roles', rows: [{ ...leader, 角色: ' ' }], row: 2, reasons: [['ROLES_MISSING', { accepted }]] },
  { case: 'unknown role', rows: [{ ...leader, 角色: '校领导、教授' }], row: 2, reasons: [['ROLE_UNKNOWN', { role: '教授', accepted }]] },
  {
    case: 'every problem of a row at once',
    rows: [{ 角色: '教授', 企业微信ID: '王建国' }],
    row: 2,
    reasons: [['NAME_MISSING'], ['UNIT_MISSING'], ['ROLE_UNKNOWN', { role: '教授', accepted }], ['ID_INVALID', { column: '企业微信ID', id: '王建国' }]],
  },
  { case: 'id with a symbol', rows: [{ ...leader, 钉钉ID: 'dt#wang' }], row: 2, reasons: [['ID_INVALID', { column: '钉钉ID', id: 'dt#wang' }]] },
  { case: 'id too long', rows: [{ ...leader, 企业微信ID: 'a'.repeat(65) }], row: 2, reasons: [['ID_INVALID', { column: '企业微信ID', id: 'a'.repeat(65) }]] },
  {
    case: 'id of an earlier row',
    rows: [leader, { 姓名: '李明', 单位: '教务处', 角色: '办理人', 企业微信ID: 'wangjianguo' }],
    row: 3,
    reasons: [['ID_DUPLICATE', { column: '企业微信ID', id: 'wangjianguo', row: 2 }]],
  },
  { case: 'handler without ids', rows: [{ 姓名: '李明', 单位: '教务处', 角色: '办理人' }], row: 2, reasons: [['ID_MISSING', { roles: '办理人' }]] },
  { case: 'admin without ids', rows: [{ 姓名: '钱进', 单位: '党委办公室', 角色: '管理员' }], row: 2, reasons: [['ID_MISSING', { roles: '管理员' }]] },
  {
    case: 'secretary without leaders',
    rows: [{ 姓名: '赵燕', 单位: '党委办公室', 角色: '秘书', 企业微信ID: 'zhaoyan' }],
    row: 2,
    reasons: [['LEADERS_MISSING', { column: '所属领导' }]],
  },
  { case: 'leaders on a non-secretary', rows: [{ ...leader, 所属领导: '张建国' }], row: 2, reasons: [['LEADERS_NOT_SECRETARY', { column: '所属领导' }]] },
  {
    case: 'handler units on a non-handler',
    rows: [{ ...leader, 办理单位: '教务处' }],
    row: 2,
    reasons: [['HANDLER_UNITS_NOT_HANDLER', { column: '办理单位' }]],
  },
  {
    case: 'a link of an unknown kind',
    rows: [{ ...leader, 联系点: '班级:计算机2101班、楼栋：3号楼' }],
    row: 2,
    reasons: [['ASSIGNMENT_KIND_UNKNOWN', { item: '楼栋:3号楼', kind: '楼栋', accepted: acceptedKinds }]],
  },
  { case: 'a link without a kind', rows: [{ ...leader, 联系点: '计算机2101班' }], row: 2, reasons: [['ASSIGNMENT_KIND_MISSING', { item: '计算机2101班' }]] },
  {
    case: 'links without targets',
    rows: [{ ...leader, 联系点: '班级：；必谈: =王老师' }],
    row: 2,
    reasons: [['ASSIGNMENT_TARGET_EMPTY', { item: '班级:' }], ['ASSIGNMENT_TARGET_EMPTY', { item: '必谈: =王老师' }]],
  },
  {
    case: 'links for someone who is no leader',
    rows: [{ 姓名: '李明', 单位: '教务处', 角色: '办理人', 企业微信ID: 'liming', 联系点: '班级:计算机2101班' }],
    row: 2,
    reasons: [['ASSIGNMENTS_NOT_LEADER', { column: '联系点' }]],
  },
  {
    case: 'leader nobody knows',
    rows: [{ 姓名: '赵燕', 单位: '党委办公室', 角色: '秘书', 企业微信ID: 'zhaoyan', 所属领导: '张建国' }],
    row: 2,
    reasons: [['LEADER_UNKNOWN', { column: '所属领导', leader: '张建国' }]],
  },
  {
    case: 'leader who is not a leader',
    rows: [{ 姓名: '赵燕', 单位: '党委办公室', 角色: '秘书', 企业微信ID: 'zhaoyan', 所属领导: '李明' }],
    known: [storedLi],
    row: 2,
    reasons: [['LEADER_NOT_LEADER', { leader: '李明' }]],
  },
  {
    case: 'two leaders of that name',
    rows: [leader, { 姓名: '王建国', 单位: '计算机学院', 角色: '学院领导' }, { 姓名: '赵燕', 单位: '党委办公室', 角色: '秘书', 企业微信ID: 'zhaoyan', 所属领导: '王建国' }],
    row: 4,
    reasons: [['LEADER_AMBIGUOUS', { leader: '王建国', units: '党委、计算机学院' }]],
  },
  {
    case: 'two leaders of that name, one stored',
    rows: [{ 姓名: '王建国', 单位: '计算机学院', 角色: '学院领导' }, { 姓名: '赵燕', 单位: '党委办公室', 角色: '秘书', 企业微信ID: 'zhaoyan', 所属领导: '王建国' }],
    known: [storedWang],
    row: 3,
    reasons: [['LEADER_AMBIGUOUS', { leader: '王建国', units: '计算机学院、党委' }]],
  },
  {
    case: 'leader in a refused row',
    rows: [{ ...leader, 角色: '教授' }, { 姓名: '赵燕', 单位: '党委办公室', 角色: '秘书', 企业微信ID: 'zhaoyan', 所属领导: '王建国' }],
    row: 3,
    reasons: [['LEADER_REFUSED', { leader: '王建国', row: 2 }]],
  },
  {
    // Row 3 is refused only once leaders are resolved, after row 2 had accepted it.
    case: 'leader refused for their own leader',
    rows: [
      { 姓名: '赵燕', 单位: '党委办公室', 角色: '秘书', 企业微信ID: 'zhaoyan', 所属领导: '孙丽' },
      { 姓名: '孙丽', 单位: '计算机学院', 角色: '中层干部、秘书', 企业微信ID: 'sunli', 所属领导: '无名氏' },
    ],
    row: 2,
    reasons: [['LEADER_REFUSED', { leader: '孙丽', row: 3 }]],
  },
  {
    case: 'same name and unit twice',
    rows: [leader, { ...leader, 企业微信ID: '', 职务: '党委副书记' }],
    row: 3,
    reasons: [['SAME_PERSON', { row: 2, name: '王建国', unit: '党委' }]],
  },
  {
    case: 'one stored person in two rows, found by different ids',
    rows: [leader, { 姓名: '王老师', 单位: '计算机学院', 角色: '学院领导', 钉钉ID: 'dt_wang' }],
    known: [storedWang],
    row: 3,
    reasons: [['SAME_PERSON', { row: 2, name: '王建国', unit: '党委' }]],
  },
  {
    case: 'ids of two stored people',
    rows: [{ ...leader, 钉钉ID: 'dt_li' }],
    known: [storedWang, storedLi],
    row: 2,
    reasons: [['IDS_TWO_PEOPLE', { wecomId: 'wangjianguo', dingtalkId: 'dt_li', wecomOwner: '党委的王建国', dingtalkOwner: '教务处的李明' }]],
  },
  {
    case: 'name and unit of two stored people',
    rows: [{ 姓名: '王建国', 单位: '党委', 角色: '校领导' }],
    known: [storedWang, known({ id: 'p3', name: '王建国', wecomId: 'wangjianguo2' })],
    row: 2,
    reasons: [['NAME_UNIT_AMBIGUOUS', { count: 2, unit: '党委', name: '王建国' }]],
  },
]

describe('parseRoster refuses', () => {
  it.each(refusals)('$case', ({ rows, known = [], row, reasons }) => {
    const parsed = parseRoster(table(rows), format, known)
    expect(parsed.refused.find((r) => r.row === row)?.reasons).toEqual(reasons.map(([code, params]) => text(code, params)))
    expect(parsed.people.map((p) => p.row)).not.toContain(row)
  })

  it('names the row by its name when it has one', () => {
    const parsed = parseRoster(table([{ 单位: '党委', 角色: '校领导' }, { ...leader, 角色: '教授' }]), format, [])
    expect(parsed.refused).toEqual([
      { row: 2, reasons: [text('NAME_MISSING')] },
      { row: 3, name: '王建国', reasons: [text('ROLE_UNKNOWN', { role: '教授', accepted })] },
    ])
  })

  it('a stored secretary with an empty leaders cell: the column is there, so the cell counts', () => {
    const secretary = known({ id: 's1', name: '赵燕', unitName: '党委办公室', roles: ['secretary'], wecomId: 'zhaoyan', secretaryOf: ['p1'] })
    const parsed = parseRoster(table([{ 姓名: '赵燕', 单位: '党委办公室', 角色: '秘书', 企业微信ID: 'zhaoyan' }]), format, [storedWang, secretary])
    expect(parsed.refused).toEqual([{ row: 2, name: '赵燕', reasons: [text('LEADERS_MISSING', { column: '所属领导' })] }])
  })

  it('nothing when a required column is missing, and says which', () => {
    const parsed = parseRoster(table([{ 姓名: '王建国', 部门: '党委' }], ['姓名', '部门', '备注']), format, [])
    expect(parsed).toMatchObject({ people: [], refused: [], missingColumns: ['角色'], ignoredColumns: ['备注'] })
  })
})
