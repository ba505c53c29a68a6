import type { ProgressService } from '../domain/duties/progress-service.ts'
import { isAdmin, isLeader, type Person } from '../domain/people/person.ts'
import type { People } from '../store/people.ts'

/**
 * Whose duties a message is about: the sender's own (a leader, or anyone else a rule names, such
 * as the admins' office that compiles the year's records, E05), or for a secretary the leader
 * named in the message, else the first (a question) or the only one (a report) of their leaders.
 * An admin asking about someone named (陈志强的进度) gets that person's: the digests show everyone's.
 */
export async function dutyHolder(
  person: Person | undefined,
  text: string,
  deps: { readonly people: People; readonly progress: ProgressService },
  otherwise: 'first' | 'only',
): Promise<Person | undefined> {
  if (!person) return undefined
  if (isAdmin(person)) {
    const named = (await deps.people.list()).find((p) => p.id !== person.id && text.includes(p.name) && (isLeader(p) || deps.progress.rulesFor(p).length > 0))
    if (named) return named
  }
  if (isLeader(person) || deps.progress.rulesFor(person).length > 0) return person
  const leaders = (await Promise.all(person.secretaryOf.map((id) => deps.people.findById(id)))).filter((p): p is Person => p !== undefined)
  return leaders.find((l) => text.includes(l.name)) ?? (otherwise === 'first' || leaders.length === 1 ? leaders[0] : undefined)
}
