import type { Assignments } from '../../store/assignments.ts'
import type { People } from '../../store/people.ts'
import type { Units } from '../../store/units.ts'
import { rosterAssignmentPlan } from '../assignments/roster-assignment-plan.ts'
import { shanghaiDate } from '../calendar/shanghai-date.ts'
import { parseRoster, type KnownPerson, type ParsedRoster, type PersonDraft, type RosterTable } from './parse-roster.ts'
import type { Person, UnitKind } from './person.ts'
import type { RosterFormat } from './roster-format.ts'

export interface RosterImport {
  readonly parsed: ParsedRoster
  readonly created: number
  readonly updated: number
  readonly unchanged: number
  /** Units the roster names that did not exist (created, unless a dry run). */
  readonly newUnits: ReadonlyArray<{ readonly name: string; readonly kind: UnitKind }>
  /** Of the units opinions are routed to, those nobody on the roster handles after the import. */
  readonly unitsWithoutHandler: readonly string[]
  /** What the 联系点 column did; undefined when the file has none (or no assignments were given to write to). */
  readonly assignments: AssignmentCounts | undefined
}

export interface AssignmentCounts {
  readonly added: number
  readonly changed: number
  readonly removed: number
  readonly unchanged: number
}

export interface ImportRosterOptions {
  /** Work everything out and write nothing. */
  readonly dryRun: boolean
  readonly now: Date
  /** The handler units of the opinion routing, to warn about those nobody handles. */
  readonly routedUnits: readonly string[]
}

/**
 * Imports a roster read from a file: checks it against the stored people, creates the units it
 * names, and creates or updates its people. Running it twice on the same file changes nothing
 * the second time.
 */
export async function importRoster(
  table: RosterTable,
  /** Without assignments, the 联系点 column is checked but not written (tools that need people only). */
  store: { readonly people: People; readonly units: Units; readonly assignments?: Assignments },
  format: RosterFormat,
  options: ImportRosterOptions,
): Promise<RosterImport> {
  const units = await store.units.list()
  const unitName = new Map(units.map((u) => [u.id, u.name]))
  const unitId = new Map(units.map((u) => [u.name, u.id]))
  const stored = await store.people.list()
  const known: KnownPerson[] = stored.map((p) => ({
    ...p,
    unitName: p.unitId ? unitName.get(p.unitId) : undefined,
    handlerUnitNames: p.handlerOf.flatMap((id) => unitName.get(id) ?? []),
  }))
  const parsed = parseRoster(table, format, known)

  const named = [...new Set(parsed.people.flatMap((d) => [d.unitName, ...d.handlerUnitNames]))]
  const newUnits = named.filter((name) => !unitId.has(name)).map((name) => ({ name, kind: format.unitKind(name) }))
  for (const { name, kind } of newUnits) {
    // A dry run gives new units stand-in ids: they only have to differ from every stored one.
    unitId.set(name, options.dryRun ? `new unit ${name}` : (await store.units.ensure(name, kind, options.now)).id)
  }

  const idOfRow = new Map(parsed.people.map((d) => [d.row, d.matchId ?? store.people.newId()]))
  const storedById = new Map(stored.map((p) => [p.id, p]))
  const people: Person[] = parsed.people.map((d) => ({
    id: idOfRow.get(d.row)!,
    name: d.name,
    ...(d.wecomId ? { wecomId: d.wecomId } : {}),
    ...(d.dingtalkId ? { dingtalkId: d.dingtalkId } : {}),
    unitId: unitId.get(d.unitName)!,
    ...(d.title ? { title: d.title } : {}),
    roles: d.roles,
    flags: d.flags,
    secretaryOf: d.leaders.map((ref) => ('row' in ref ? idOfRow.get(ref.row)! : ref.personId)),
    handlerOf: d.handlerUnitNames.map((name) => unitId.get(name)!),
  }))
  const changed = people.filter((p) => !sameAs(storedById.get(p.id), p))
  const created = people.filter((p) => !storedById.has(p.id)).length
  if (!options.dryRun) await store.people.upsertFromRoster(changed, options.now)
  const withAssignments = parsed.people.filter((d) => d.assignments !== undefined)
  const assignments = store.assignments && withAssignments.length > 0 ? await importAssignments(withAssignments, idOfRow, store.assignments, options) : undefined

  const after = new Map([...stored, ...people].map((p) => [p.id, p]))
  const handled = new Set([...after.values()].filter((p) => p.roles.includes('handler')).flatMap((p) => p.handlerOf))
  return {
    parsed,
    created,
    updated: changed.length - created,
    unchanged: people.length - changed.length,
    newUnits,
    unitsWithoutHandler: options.routedUnits.filter((name) => !handled.has(unitId.get(name) ?? '')),
    assignments,
  }
}

/** Replaces each person's roster links with their row's (see rosterAssignmentPlan). */
async function importAssignments(drafts: readonly PersonDraft[], idOfRow: ReadonlyMap<number, string>, repository: Assignments, options: ImportRosterOptions): Promise<AssignmentCounts> {
  const active = await repository.list()
  const today = shanghaiDate(options.now)
  const counts = { added: 0, changed: 0, removed: 0, unchanged: 0 }
  for (const draft of drafts) {
    const personId = idOfRow.get(draft.row)!
    const plan = rosterAssignmentPlan(
      active.filter((a) => a.personId === personId),
      draft.assignments ?? [],
    )
    counts.added += plan.added.length
    counts.changed += plan.changed.length
    counts.removed += plan.removed.length
    counts.unchanged += plan.unchanged
    if (options.dryRun) continue
    for (const link of [...plan.added, ...plan.changed]) await repository.upsert(personId, { ...link, source: 'roster' }, 'roster', options.now, today)
    for (const link of plan.removed) await repository.remove(personId, link.kind, link.target, 'roster', options.now)
  }
  return counts
}

/** Whether the stored person already is what the roster says; lists compare as sets. */
function sameAs(stored: Person | undefined, next: Person): boolean {
  if (!stored) return false
  const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))
  return (
    stored.name === next.name &&
    stored.wecomId === next.wecomId &&
    stored.dingtalkId === next.dingtalkId &&
    stored.unitId === next.unitId &&
    stored.title === next.title &&
    sameSet(stored.roles, next.roles) &&
    sameSet(stored.flags, next.flags) &&
    sameSet(stored.secretaryOf, next.secretaryOf) &&
    sameSet(stored.handlerOf, next.handlerOf)
  )
}
