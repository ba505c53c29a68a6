import { assignmentKey, type Assignment, type AssignmentDraft } from './assignment.ts'

export interface RosterAssignmentPlan {
  /** Links to write: new ones (or ended ones starting again), and roster links now written otherwise. */
  readonly added: readonly AssignmentDraft[]
  readonly changed: readonly AssignmentDraft[]
  /** Roster links the file no longer lists. */
  readonly removed: readonly Assignment[]
  readonly unchanged: number
}

/**
 * What a roster import does to one person's links: the file's cell replaces the links the roster
 * gave them; links an admin added stay, and a cell naming one leaves it the admin's.
 */
export function rosterAssignmentPlan(active: readonly Assignment[], wanted: readonly AssignmentDraft[]): RosterAssignmentPlan {
  const key = (a: AssignmentDraft) => `${a.kind}:${assignmentKey(a.target)}`
  const byKey = new Map(active.map((a) => [key(a), a]))
  const added: AssignmentDraft[] = []
  const changed: AssignmentDraft[] = []
  let unchanged = 0
  for (const draft of wanted) {
    const existing = byKey.get(key(draft))
    if (!existing) added.push(draft)
    else if (existing.source === 'roster' && (existing.target !== draft.target || existing.aliases.join('=') !== draft.aliases.join('='))) changed.push(draft)
    else unchanged++
  }
  const listed = new Set(wanted.map(key))
  const removed = active.filter((a) => a.source === 'roster' && !listed.has(key(a)))
  return { added, changed, removed, unchanged }
}
