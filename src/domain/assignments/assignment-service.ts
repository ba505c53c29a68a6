import type { Assignments } from '../../store/assignments.ts'
import type { People } from '../../store/people.ts'
import { shanghaiDate } from '../calendar/shanghai-date.ts'
import { isLeader } from '../people/person.ts'
import { assignmentKey, type Assignment, type AssignmentKind } from './assignment.ts'
import { AssignmentError } from './assignment-error.ts'

/** Characters that separate links in a roster cell: a target holding one would not survive an export. */
const SEPARATORS = /[、,;=\n\r]/

/**
 * Admins' edits of a leader's links from the chat. Each is recorded on the link with who made it
 * and when; a link added here is the admin's, so a later roster import leaves it alone.
 */
export class AssignmentService {
  constructor(
    private readonly assignments: Assignments,
    private readonly people: People,
    private readonly now: () => Date,
  ) {}

  /** The person's links in force. */
  list(personId: string): Promise<Assignment[]> {
    return this.assignments.list({ personId })
  }

  /** Links the leader to the target; adding one that holds already changes nothing. */
  async add(personId: string, kind: AssignmentKind, target: string, by: string): Promise<Assignment> {
    const written = await this.check(personId, target)
    const holding = (await this.list(personId)).find((a) => a.kind === kind && assignmentKey(a.target) === assignmentKey(written))
    if (holding) return holding
    const now = this.now()
    return this.assignments.upsert(personId, { kind, target: written, aliases: [], source: 'admin' }, by, now, shanghaiDate(now))
  }

  /** Ends the link; undefined when the leader had no such link. */
  async remove(personId: string, kind: AssignmentKind, target: string, by: string): Promise<Assignment | undefined> {
    return this.assignments.remove(personId, kind, await this.check(personId, target), by, this.now())
  }

  private async check(personId: string, target: string): Promise<string> {
    const person = await this.people.findById(personId)
    if (!person) throw new AssignmentError('PERSON_NOT_FOUND')
    if (!isLeader(person)) throw new AssignmentError('NOT_A_LEADER', { name: person.name })
    const written = target.replace(/\s+/g, ' ').trim()
    if (written === '') throw new AssignmentError('TARGET_EMPTY')
    if (SEPARATORS.test(written.normalize('NFKC'))) throw new AssignmentError('TARGET_INVALID', { target: written })
    return written
  }
}
