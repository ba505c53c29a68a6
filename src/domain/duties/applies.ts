import type { Person } from '../people/person.ts'
import type { MinimumFor, Rule, Who } from './rule.ts'

/** Whether a rule applies to the person: they match one of its `who`. */
export function ruleAppliesTo(rule: Rule, person: Person): boolean {
  return rule.who.some((who) => appliesTo(who, person))
}

/** Whether one `who` takes in the person: any of its roles, any of its flags, none of the excluded ones, a matching 职务. */
export function appliesTo(who: Partial<Who>, person: Person): boolean {
  if (who.roles && who.roles.length > 0 && !person.roles.some((r) => who.roles!.includes(r))) return false
  if (who.flags && who.flags.length > 0 && !who.flags.some((f) => person.flags.includes(f))) return false
  if (who.notFlags && who.notFlags.some((f) => person.flags.includes(f))) return false
  if (who.titles && !new RegExp(who.titles, 'u').test(person.title ?? '')) return false
  return true
}

/** The minimum a periodic rule asks of this person: the first `minimumFor` that takes them in, else the rule's. */
export function minimumFor(rule: Extract<Rule, { minimum: number }>, person: Person): number {
  return rule.minimumFor.find((m: MinimumFor) => appliesTo(m.who, person))?.minimum ?? rule.minimum
}
