import type { AssignmentDraft } from '../assignments/assignment.ts'
import { parseAssignmentCell } from './assignment-cell.ts'
import { LEADER_ROLES, type Person, type Role, type RoleFlag } from './person.ts'
import { cleanCell, cleanId, cleanName, splitList } from './roster-cells.ts'
import type { MessageParams, RosterField, RosterFormat, RosterMessageCode } from './roster-format.ts'

/** One data row of a roster file: its row number in the sheet, and its cells by header. */
export interface RosterRow {
  readonly row: number
  readonly cells: Readonly<Record<string, string>>
}

export interface RosterTable {
  readonly headers: readonly string[]
  readonly rows: readonly RosterRow[]
}

/** A stored person, with the names of the units the roster refers to them by. */
export interface KnownPerson extends Person {
  readonly unitName: string | undefined
  readonly handlerUnitNames: readonly string[]
}

/** A secretary's leader: someone stored, or the person of another row of this file. */
export type LeaderRef = { readonly personId: string } | { readonly row: number }

/** What a row says a person is, complete: columns the file lacks are filled from the stored person. */
export interface PersonDraft {
  readonly row: number
  /** The stored person this row updates; absent for someone new. */
  readonly matchId: string | undefined
  readonly name: string
  readonly unitName: string
  readonly wecomId: string | undefined
  readonly dingtalkId: string | undefined
  readonly title: string | undefined
  readonly roles: readonly Role[]
  readonly flags: readonly RoleFlag[]
  readonly leaders: readonly LeaderRef[]
  readonly handlerUnitNames: readonly string[]
  /** The 联系点 cell's links; undefined when the file has no such column, so the stored ones stay. */
  readonly assignments: readonly AssignmentDraft[] | undefined
}

export interface RowProblem {
  readonly row: number
  readonly name?: string
  readonly reasons: readonly string[]
}

export interface ParsedRoster {
  readonly people: readonly PersonDraft[]
  readonly refused: readonly RowProblem[]
  /** Rows taken with something worth knowing (a leader nobody can reach, say). */
  readonly notes: readonly RowProblem[]
  /** Required columns the file lacks (by their Chinese name): the file cannot be imported at all. */
  readonly missingColumns: readonly string[]
  readonly ignoredColumns: readonly string[]
}

const REQUIRED: readonly RosterField[] = ['name', 'unit', 'roles']
const PLATFORM_ID = /^[A-Za-z0-9_.@-]{1,64}$/

interface Candidate {
  readonly row: number
  readonly name: string
  readonly unitName: string
  readonly wecomId: string | undefined
  readonly dingtalkId: string | undefined
  readonly roles: readonly Role[]
  readonly flags: readonly RoleFlag[]
  readonly title: string | undefined
  readonly leaderNames: readonly string[]
  readonly handlerUnitNames: readonly string[]
  readonly assignments: readonly AssignmentDraft[] | undefined
  readonly match: KnownPerson | undefined
}

export interface RosterColumns {
  /** The header of each field the file has: the first one naming it. */
  readonly columnOf: ReadonlyMap<RosterField, string>
  /** Required columns the file lacks, by their Chinese name. */
  readonly missing: readonly string[]
  /** Headers naming no field, or a field an earlier header already names. */
  readonly ignored: readonly string[]
}

/** Which columns a header row has; a file missing a required one cannot be imported at all. */
export function rosterColumns(headers: readonly string[], format: RosterFormat): RosterColumns {
  const columnOf = new Map<RosterField, string>()
  const ignored: string[] = []
  for (const header of headers) {
    const field = format.field(header)
    if (field && !columnOf.has(field)) columnOf.set(field, header)
    else if (cleanCell(header) !== '') ignored.push(header)
  }
  return { columnOf, missing: REQUIRED.filter((f) => !columnOf.has(f)).map((f) => format.columns[f][0]!), ignored }
}

/**
 * Checks every row of a roster against the format and what is already stored, and says which
 * rows become which people and why the others are refused (in Chinese, for the report). Pure:
 * the file is read and the store written by the caller.
 */
export function parseRoster(table: RosterTable, format: RosterFormat, known: readonly KnownPerson[]): ParsedRoster {
  const { columnOf, missing: missingColumns, ignored: ignoredColumns } = rosterColumns(table.headers, format)
  if (missingColumns.length > 0) return { people: [], refused: [], notes: [], missingColumns, ignoredColumns }

  const column = (field: RosterField) => columnOf.get(field) ?? format.columns[field][0]!
  const say = (code: RosterMessageCode, params?: MessageParams) => format.text(code, params)
  const accepted = format.acceptedRoleNames().join('、')
  const refused = new Map<number, RowProblem>()
  const notes: RowProblem[] = []
  const refuse = (row: number, name: string, reasons: string[]) => refused.set(row, { row, ...(name ? { name } : {}), reasons })

  // Each row on its own, then against earlier rows and the stored people.
  const taken: Candidate[] = []
  const firstRowWithId = { wecomId: new Map<string, number>(), dingtalkId: new Map<string, number>() }
  for (const { row, cells } of table.rows) {
    const cell = (field: RosterField) => (columnOf.has(field) ? (cells[columnOf.get(field)!] ?? '') : '')
    if (Object.values(cells).every((v) => cleanCell(v) === '')) continue
    const reasons: string[] = []
    const name = cleanName(cell('name'))
    if (name === '') reasons.push(say('NAME_MISSING'))
    const units = splitList(cell('unit'))
    if (units.length === 0) reasons.push(say('UNIT_MISSING'))
    if (units.length > 1) reasons.push(say('UNIT_SEVERAL', { units: units.join('、') }))
    const roles: Role[] = []
    const flags: RoleFlag[] = []
    const roleNames = splitList(cell('roles'))
    if (roleNames.length === 0) reasons.push(say('ROLES_MISSING', { accepted }))
    for (const roleName of roleNames) {
      const entry = format.roleByName(roleName)
      if (!entry) reasons.push(say('ROLE_UNKNOWN', { role: roleName, accepted }))
      else {
        if (!roles.includes(entry.role)) roles.push(entry.role)
        for (const flag of entry.flags) if (!flags.includes(flag)) flags.push(flag)
      }
    }
    const ids = { wecomId: cleanId(cell('wecomId')), dingtalkId: cleanId(cell('dingtalkId')) }
    for (const field of ['wecomId', 'dingtalkId'] as const) {
      const id = ids[field]
      if (id === '') continue
      if (!PLATFORM_ID.test(id)) reasons.push(say('ID_INVALID', { column: column(field), id }))
      else if (firstRowWithId[field].has(id)) reasons.push(say('ID_DUPLICATE', { column: column(field), id, row: firstRowWithId[field].get(id)! }))
      else firstRowWithId[field].set(id, row)
    }
    const leaderNames = splitList(cell('leaders'))
    if (leaderNames.length > 0 && !roles.includes('secretary')) reasons.push(say('LEADERS_NOT_SECRETARY', { column: column('leaders') }))
    const handlerUnitNames = splitList(cell('handlerUnits'))
    if (handlerUnitNames.length > 0 && !roles.includes('handler')) reasons.push(say('HANDLER_UNITS_NOT_HANDLER', { column: column('handlerUnits') }))
    const assignments = parseAssignmentCell(cell('assignments'), format.assignments)
    if (cleanCell(cell('assignments')) !== '' && !roles.some((r) => LEADER_ROLES.includes(r))) reasons.push(say('ASSIGNMENTS_NOT_LEADER', { column: column('assignments') }))
    else for (const problem of assignments.problems) reasons.push(say(problem.code, problem.params))
    if (reasons.length > 0) {
      refuse(row, name, reasons)
      continue
    }

    const unitName = units[0]!
    const wecomId = columnOf.has('wecomId') ? ids.wecomId || undefined : undefined
    const dingtalkId = columnOf.has('dingtalkId') ? ids.dingtalkId || undefined : undefined
    const byWecom = wecomId ? known.find((p) => p.wecomId === wecomId) : undefined
    const byDingtalk = dingtalkId ? known.find((p) => p.dingtalkId === dingtalkId) : undefined
    if (byWecom && byDingtalk && byWecom.id !== byDingtalk.id) {
      refuse(row, name, [say('IDS_TWO_PEOPLE', { wecomId: wecomId!, dingtalkId: dingtalkId!, wecomOwner: describe(byWecom), dingtalkOwner: describe(byDingtalk) })])
      continue
    }
    const sameNameAndUnit = known.filter((p) => p.name === name && p.unitName === unitName && compatible(p, wecomId, dingtalkId))
    if (!byWecom && !byDingtalk && sameNameAndUnit.length > 1) {
      refuse(row, name, [say('NAME_UNIT_AMBIGUOUS', { count: sameNameAndUnit.length, unit: unitName, name })])
      continue
    }
    const match = byWecom ?? byDingtalk ?? sameNameAndUnit[0]
    const earlier = taken.find(
      (c) => (match !== undefined && c.match?.id === match.id) || (c.name === name && c.unitName === unitName && compatible(c, wecomId, dingtalkId)),
    )
    if (earlier) {
      refuse(row, name, [say('SAME_PERSON', { row: earlier.row, name: earlier.name, unit: earlier.unitName })])
      continue
    }
    const keep = <T>(field: RosterField, value: T, stored: T) => (columnOf.has(field) ? value : stored)
    const effective = {
      wecomId: keep('wecomId', wecomId, match?.wecomId),
      dingtalkId: keep('dingtalkId', dingtalkId, match?.dingtalkId),
    }
    if (!effective.wecomId && !effective.dingtalkId) {
      const needsId = roles.filter((r) => !LEADER_ROLES.includes(r))
      if (needsId.length > 0) {
        refuse(row, name, [say('ID_MISSING', { roles: format.roleLabels(needsId, flags).join('、') })])
        continue
      }
      notes.push({ row, name, reasons: [say('NO_PLATFORM_ID')] })
    }
    taken.push({
      row,
      name,
      unitName,
      ...effective,
      roles,
      flags,
      title: keep('title', cleanCell(cell('title')) || undefined, match?.title),
      leaderNames: roles.includes('secretary') ? leaderNames : [],
      handlerUnitNames: roles.includes('handler') ? keep('handlerUnits', handlerUnitNames, match?.handlerUnitNames ?? []) : [],
      assignments: columnOf.has('assignments') ? assignments.drafts : undefined,
      match,
    })
  }

  // Secretaries name their leaders, who may sit in any row: resolved once every row is read.
  // Refusing one may strand another secretary's leader, so repeat until nothing changes.
  let leadersOf = new Map<number, LeaderRef[]>()
  for (let changed = true; changed; ) {
    changed = false
    leadersOf = new Map()
    for (const candidate of taken.filter((c) => !refused.has(c.row) && c.roles.includes('secretary'))) {
      const resolved = resolveLeaders(candidate, taken.filter((c) => !refused.has(c.row)), known, refused, { name: column('leaders'), present: columnOf.has('leaders') }, say)
      if ('reasons' in resolved) {
        refuse(candidate.row, candidate.name, resolved.reasons)
        changed = true
      } else leadersOf.set(candidate.row, resolved.refs)
    }
  }

  const people = taken
    .filter((c) => !refused.has(c.row))
    .map(
      (c): PersonDraft => ({
        row: c.row,
        matchId: c.match?.id,
        name: c.name,
        unitName: c.unitName,
        wecomId: c.wecomId,
        dingtalkId: c.dingtalkId,
        title: c.title,
        roles: c.roles,
        flags: c.flags,
        leaders: leadersOf.get(c.row) ?? [],
        handlerUnitNames: c.roles.includes('handler') && c.handlerUnitNames.length === 0 ? [c.unitName] : c.handlerUnitNames,
        assignments: c.assignments,
      }),
    )
  return {
    people,
    refused: [...refused.values()].sort((a, b) => a.row - b.row),
    notes: notes.filter((n) => !refused.has(n.row)),
    missingColumns: [],
    ignoredColumns,
  }
}

/** Same name and unit is the same person unless either platform's ids differ. */
function compatible(p: { wecomId?: string | undefined; dingtalkId?: string | undefined }, wecomId: string | undefined, dingtalkId: string | undefined): boolean {
  return !(wecomId && p.wecomId && p.wecomId !== wecomId) && !(dingtalkId && p.dingtalkId && p.dingtalkId !== dingtalkId)
}

function describe(p: KnownPerson): string {
  return p.unitName ? `${p.unitName}的${p.name}` : p.name
}

type Say = (code: RosterMessageCode, params?: MessageParams) => string

function resolveLeaders(
  secretary: Candidate,
  rows: readonly Candidate[],
  known: readonly KnownPerson[],
  refused: ReadonlyMap<number, RowProblem>,
  leadersColumn: { readonly name: string; readonly present: boolean },
  say: Say,
): { refs: LeaderRef[] } | { reasons: string[] } {
  const column = leadersColumn.name
  if (secretary.leaderNames.length === 0) {
    // Only a file without the leaders column lets a stored secretary keep theirs: an empty cell clears them.
    const stored = leadersColumn.present ? [] : (secretary.match?.secretaryOf ?? [])
    return stored.length > 0 ? { refs: stored.map((personId) => ({ personId })) } : { reasons: [say('LEADERS_MISSING', { column })] }
  }
  // Stored people this file updates are represented by their rows.
  const updated = new Set(rows.flatMap((r) => (r.match ? [r.match.id] : [])))
  const people = [
    ...rows.map((r) => ({ ref: { row: r.row } as LeaderRef, name: r.name, unitName: r.unitName, roles: r.roles })),
    ...known.filter((p) => !updated.has(p.id)).map((p) => ({ ref: { personId: p.id } as LeaderRef, name: p.name, unitName: p.unitName, roles: p.roles })),
  ]
  const refs: LeaderRef[] = []
  const reasons: string[] = []
  for (const written of secretary.leaderNames) {
    const [, name = written, unit] = /^(.+?)\((.+)\)$/.exec(written) ?? []
    const found = people.filter((p) => p.name === name && (unit === undefined || p.unitName === unit))
    if (found.length === 1) {
      if (!found[0]!.roles.some((r) => LEADER_ROLES.includes(r))) reasons.push(say('LEADER_NOT_LEADER', { leader: written }))
      else refs.push(found[0]!.ref)
    } else if (found.length > 1) {
      reasons.push(say('LEADER_AMBIGUOUS', { leader: name, units: found.map((p) => p.unitName ?? '').join('、') }))
    } else {
      const refusedRow = [...refused.values()].find((r) => r.name === name)
      reasons.push(refusedRow ? say('LEADER_REFUSED', { leader: written, row: refusedRow.row }) : say('LEADER_UNKNOWN', { column, leader: written }))
    }
  }
  return reasons.length > 0 ? { reasons } : { refs }
}
