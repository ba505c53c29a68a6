import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { AssignmentError } from '../../../src/domain/assignments/assignment-error.ts'
import { AssignmentService } from '../../../src/domain/assignments/assignment-service.ts'
import { assignmentVocabulary, ASSIGNMENT_MESSAGE_CODES } from '../../../src/domain/assignments/assignment-vocabulary.ts'
import type { Person } from '../../../src/domain/people/person.ts'
import { Assignments } from '../../../src/store/assignments.ts'
import type { Store } from '../../../src/store/open-store.ts'
import { People } from '../../../src/store/people.ts'
import { openTestStore } from '../../support/test-store.ts'

let store: Store
let assignments: Assignments
let people: People
let clock: Date
let service: AssignmentService
let leader: Person
let handler: Person
const ADMIN = 'admin-person-id'

beforeAll(async () => {
  store = await openTestStore()
  assignments = await Assignments.open(store.connection)
  people = await People.open(store.connection)
  leader = { id: people.newId(), name: '陈志强', roles: ['collegeLeader'], flags: [], secretaryOf: [], handlerOf: [], wecomId: 'chenzhiqiang' }
  handler = { id: people.newId(), name: '吴刚', roles: ['handler'], flags: [], secretaryOf: [], handlerOf: [], wecomId: 'wugang' }
  await people.upsertFromRoster([leader, handler], new Date())
  service = new AssignmentService(assignments, people, () => clock)
})
afterAll(() => store.close())
beforeEach(async () => {
  clock = new Date('2026-11-18T10:00:00+08:00')
  await store.connection.collection('assignments').deleteMany({})
})

const stored = (key: string) => store.connection.collection('assignments').findOne({ personId: leader.id, key })

describe('AssignmentService', () => {
  it('adds a link for a leader, recording the admin and the time', async () => {
    const added = await service.add(leader.id, 'class', ' 计算机2101班 ', ADMIN)
    expect(added).toMatchObject({ personId: leader.id, kind: 'class', target: '计算机2101班', aliases: [], since: '2026-11-18', source: 'admin' })
    expect(await service.list(leader.id)).toEqual([added])
    expect(await stored('计算机2101班')).toMatchObject({ history: [{ action: 'added', by: ADMIN, at: clock }], createdAt: clock })
  })

  it('adding a link that holds changes nothing, however it is typed', async () => {
    const first = await service.add(leader.id, 'class', '计算机2101班', ADMIN)
    clock = new Date('2026-11-20T10:00:00+08:00')
    expect(await service.add(leader.id, 'class', '计算机２１０１班', 'another-admin')).toEqual(first)
    expect((await stored('计算机2101班'))!.history).toHaveLength(1)
    expect(await service.list(leader.id)).toHaveLength(1)
  })

  it('removes a link, keeping it with who removed it and when; adding it again starts it again', async () => {
    await service.add(leader.id, 'youngTeacher', '李明', ADMIN)
    clock = new Date('2026-12-01T09:00:00+08:00')
    expect(await service.remove(leader.id, 'youngTeacher', '李明', 'another-admin')).toMatchObject({ target: '李明' })
    expect(await service.list(leader.id)).toEqual([])
    expect(await stored('李明')).toMatchObject({ removedAt: clock, history: [{ action: 'added', by: ADMIN }, { action: 'removed', by: 'another-admin', at: clock }] })
    expect(await service.remove(leader.id, 'youngTeacher', '李明', ADMIN)).toBeUndefined()

    clock = new Date('2027-01-05T09:00:00+08:00')
    expect(await service.add(leader.id, 'youngTeacher', '李明', ADMIN)).toMatchObject({ since: '2027-01-05', source: 'admin' })
    expect((await stored('李明'))!.history).toHaveLength(3)
  })

  it('a link the roster gave stays the roster\'s when an admin adds it too', async () => {
    await assignments.upsert(leader.id, { kind: 'class', target: '计算机2101班', aliases: [], source: 'roster' }, 'roster', clock, '2026-09-01')
    expect(await service.add(leader.id, 'class', '计算机2101班', ADMIN)).toMatchObject({ source: 'roster', since: '2026-09-01' })
  })

  it.each([
    ['someone not on the roster', () => service.add('0123456789abcdef01234567', 'class', '计算机2101班', ADMIN), 'PERSON_NOT_FOUND', {}],
    ['someone who is no leader', () => service.add(handler.id, 'class', '计算机2101班', ADMIN), 'NOT_A_LEADER', { name: '吴刚' }],
    ['no target', () => service.add(leader.id, 'class', '  ', ADMIN), 'TARGET_EMPTY', {}],
    ['two targets at once', () => service.add(leader.id, 'class', '计算机2101班、计算机2102班', ADMIN), 'TARGET_INVALID', { target: '计算机2101班、计算机2102班' }],
    ['a target with =', () => service.remove(leader.id, 'class', '计算机2101班＝计科2101', ADMIN), 'TARGET_INVALID', { target: '计算机2101班＝计科2101' }],
  ] as const)('refuses %s with a code that has its Chinese text', async (_, edit, code, params) => {
    const error = await edit().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AssignmentError)
    expect(error).toMatchObject({ code, params })
    expect(assignmentVocabulary().text(code, params)).not.toMatch(/\{\w+\}/)
    expect(await assignments.list()).toEqual([])
  })

  it('has a text for every error code', () => {
    for (const code of ASSIGNMENT_MESSAGE_CODES) expect(assignmentVocabulary().text(code, { name: '吴刚', target: 'x' })).not.toBe('')
  })
})
