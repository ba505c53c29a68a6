import type { DeadlineRule, Rule } from './rule.ts'

/** How long a handler unit has to answer an opinion, and which rule says so. */
export interface Deadline {
  readonly workingDays: number
  /** The deadline rule that set it (D01 …), or none when the fallback of routing.yaml applied. */
  readonly ruleId?: string
}

export interface Deadlines {
  /** For an opinion raised in a contact of these kinds: the shortest deadline of the rules that govern them. */
  forContact(kinds: readonly string[]): Deadline
  /** For an opinion sent to the bot directly. */
  forDirect(): Deadline
}

/**
 * The deadlines of a rule profile (接待日 5, 座谈 10, any contact 10 …): a rule naming a contact's
 * kind governs it, else a rule naming no kind, else the fallback of conversations/routing.yaml.
 */
export function deadlinesFromRules(rules: readonly Rule[], fallback: { readonly contact: number; readonly direct: number }): Deadlines {
  const deadlines = rules.filter((r): r is DeadlineRule => r.shape === 'deadline')
  const shortest = (candidates: readonly DeadlineRule[]) => candidates.reduce<DeadlineRule | undefined>((best, r) => (!best || r.workingDays < best.workingDays ? r : best), undefined)
  const of = (rule: DeadlineRule | undefined, otherwise: number): Deadline => (rule ? { workingDays: rule.workingDays, ruleId: rule.id } : { workingDays: otherwise })
  return {
    forContact(kinds) {
      const named = shortest(deadlines.filter((r) => r.raisedIn.some((k) => kinds.includes(k))))
      return of(named ?? shortest(deadlines.filter((r) => r.raisedIn.length === 0)), fallback.contact)
    },
    forDirect: () => of(shortest(deadlines.filter((r) => r.raisedIn.includes('direct'))), fallback.direct),
  }
}
