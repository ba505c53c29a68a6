import { describe, expect, it } from 'vitest'
import type { Assignment, AssignmentDraft } from '../../../src/domain/assignments/assignment.ts'
import { rosterAssignmentPlan } from '../../../src/domain/assignments/roster-assignment-plan.ts'

const stored = (a: Partial<Assignment> & Pick<Assignment, 'kind' | 'target'>): Assignment => ({ id: a.target, personId: 'p', aliases: [], source: 'roster', ...a })
const draft = (kind: AssignmentDraft['kind'], target: string, aliases: string[] = []): AssignmentDraft => ({ kind, target, aliases })

describe('rosterAssignmentPlan', () => {
  it.each([
    ['nothing stored: every link is added', [], [draft('class', '计算机2101班')], { added: 1, changed: 0, removed: 0, unchanged: 0 }],
    ['the same links: nothing to do', [stored({ kind: 'class', target: '计算机2101班' })], [draft('class', '计算机2101班')], { added: 0, changed: 0, removed: 0, unchanged: 1 }],
    ['the same target typed otherwise is changed in place', [stored({ kind: 'class', target: '计算机2101班' })], [draft('class', '计算机２１０１班')], { added: 0, changed: 1, removed: 0, unchanged: 0 }],
    ['new aliases change it', [stored({ kind: 'class', target: '计算机2101班' })], [draft('class', '计算机2101班', ['计科2101'])], { added: 0, changed: 1, removed: 0, unchanged: 0 }],
    ['a roster link the cell no longer has ends', [stored({ kind: 'class', target: '计算机2101班' })], [], { added: 0, changed: 0, removed: 1, unchanged: 0 }],
    ['the same target of another kind is another link', [stored({ kind: 'class', target: '计算机2101班' })], [draft('dorm', '计算机2101班')], { added: 1, changed: 0, removed: 1, unchanged: 0 }],
    ['an admin link the cell lacks stays', [stored({ kind: 'club', target: '吉他社', source: 'admin' })], [], { added: 0, changed: 0, removed: 0, unchanged: 0 }],
    ['an admin link the cell has stays the admin\'s', [stored({ kind: 'club', target: '吉他社', source: 'admin' })], [draft('club', '吉他社', ['吉他协会'])], { added: 0, changed: 0, removed: 0, unchanged: 1 }],
  ] as const)('%s', (_, active, wanted, counts) => {
    const plan = rosterAssignmentPlan(active, wanted)
    expect({ added: plan.added.length, changed: plan.changed.length, removed: plan.removed.length, unchanged: plan.unchanged }).toEqual(counts)
  })
})
