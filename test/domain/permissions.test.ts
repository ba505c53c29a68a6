import { describe, expect, it } from 'vitest'
import type { Person, Speaker } from '../../src/domain/people/person.ts'
import {
  canEditContact, canFollowOpinion, canHandleOpinion, canUseAdminCommands, canViewContact, canViewOpinion, canViewProgress, canViewRequester,
  type OpinionAccess,
} from '../../src/domain/permissions.ts'

const person = (id: string, fields: Partial<Person> = {}): Speaker => ({
  kind: 'person',
  person: { id, name: id, roles: [], flags: [], secretaryOf: [], handlerOf: [], ...fields },
})
const leader = person('leader', { roles: ['collegeLeader'], wecomId: 'w-leader' })
const otherLeader = person('other-leader', { roles: ['schoolLeader'] })
const secretary = person('secretary', { roles: ['secretary'], secretaryOf: ['leader'] })
const handler = person('handler', { roles: ['handler'], handlerOf: ['logistics'] })
const otherHandler = person('other-handler', { roles: ['handler'], handlerOf: ['academic'] })
const notHandlingRole = person('ex-handler', { roles: ['departmentHead'], handlerOf: ['logistics'] })
const admin = person('admin', { roles: ['admin'] })
const student: Speaker = { kind: 'requester', platform: 'wecom', userId: 'student', name: '李晓明' }
const otherStudent: Speaker = { kind: 'requester', platform: 'wecom', userId: 'student2', name: '王晓红' }
const sameIdOtherPlatform: Speaker = { kind: 'requester', platform: 'dingtalk', userId: 'student', name: '李晓明' }

const direct: OpinionAccess = { requester: { platform: 'wecom', userId: 'student' }, anonymous: false, handlerUnitId: 'logistics', responsibleUnitId: 'logistics' }
const anonymous: OpinionAccess = { ...direct, anonymous: true }
const fromContact: OpinionAccess = { anonymous: false, handlerUnitId: 'logistics', responsibleUnitId: 'logistics', leaderId: 'leader' }
const transferring: OpinionAccess = { ...direct, handlerUnitId: 'academic', responsibleUnitId: 'logistics' }
const byLeaderHimself: OpinionAccess = { requester: { platform: 'wecom', userId: 'w-leader' }, anonymous: false, handlerUnitId: 'academic', responsibleUnitId: 'academic' }

describe('who may see and handle an opinion', () => {
  it.each([
    ['the requester', student, direct, true],
    ['another requester', otherStudent, direct, false],
    ['the same user id on another platform', sameIdOtherPlatform, direct, false],
    ['a handler of its unit', handler, direct, true],
    ['a handler of another unit', otherHandler, direct, false],
    ['someone listed for the unit without the handler role', notHandlingRole, direct, false],
    ['the leader whose contact raised it', leader, fromContact, true],
    ['that leader\'s secretary', secretary, fromContact, true],
    ['another leader', otherLeader, fromContact, false],
    ['an admin', admin, anonymous, true],
    ['the handler it was transferred to', otherHandler, transferring, true],
    ['the first unit, still responsible while transferring', handler, transferring, true],
    ['a leader who sent one himself', leader, byLeaderHimself, true],
  ])('%s: view %s', (_, speaker, opinion, allowed) => {
    expect(canViewOpinion(speaker, opinion)).toBe(allowed)
  })

  it.each([
    ['a handler of its unit', handler, direct, true],
    ['a handler of the unit it was transferred to', otherHandler, transferring, true],
    ['a handler of another unit', otherHandler, direct, false],
    ['its requester', student, direct, false],
    ['the leader whose contact raised it', leader, fromContact, false],
    ['an admin', admin, direct, true],
  ])('%s: handle %s', (_, speaker, opinion, allowed) => {
    expect(canHandleOpinion(speaker, opinion)).toBe(allowed)
  })

  it.each([
    ['its requester', student, direct, true],
    ['a handler', handler, direct, false],
    ['an admin', admin, direct, false],
    ['an opinion from a contact, for its leader', leader, fromContact, false],
  ])('%s may rate or withdraw: %s', (_, speaker, opinion, allowed) => {
    expect(canFollowOpinion(speaker, opinion)).toBe(allowed)
  })
})

describe('who may learn who sent an opinion', () => {
  it.each([
    ['a handler, when it is named', handler, direct, undefined, true],
    ['a handler, when it is anonymous', handler, anonymous, undefined, false],
    ['a handler who gives a reason, when it is anonymous', handler, anonymous, '需要核实', false],
    ['the requester himself, anonymous or not', student, anonymous, undefined, true],
    ['an admin without a reason', admin, anonymous, undefined, false],
    ['an admin with a blank reason', admin, anonymous, '  ', false],
    ['an admin with a reason', admin, anonymous, '涉及人身安全', true],
    ['someone who may not see the opinion at all', otherHandler, direct, undefined, false],
  ])('%s: %s', (_, speaker, opinion, reason, allowed) => {
    expect(canViewRequester(speaker, opinion, reason)).toBe(allowed)
  })
})

describe('contacts, progress and admin commands', () => {
  it.each([
    ['the leader', leader, true],
    ['the leader\'s secretary', secretary, true],
    ['another leader', otherLeader, false],
    ['a handler', handler, false],
    ['a requester', student, false],
    ['an admin', admin, true],
  ])('%s: view and edit a leader\'s contact, and see their progress: %s', (_, speaker, allowed) => {
    expect(canViewContact(speaker, { leaderId: 'leader' })).toBe(allowed)
    expect(canEditContact(speaker, { leaderId: 'leader' })).toBe(allowed)
    expect(canViewProgress(speaker, 'leader')).toBe(allowed)
  })

  it.each([
    ['an admin', admin, true],
    ['a leader', leader, false],
    ['a handler', handler, false],
    ['a requester', student, false],
  ])('%s: admin commands %s', (_, speaker, allowed) => {
    expect(canUseAdminCommands(speaker)).toBe(allowed)
  })
})
