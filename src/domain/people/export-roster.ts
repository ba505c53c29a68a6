import { writeFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import type { Assignments } from '../../store/assignments.ts'
import type { People } from '../../store/people.ts'
import type { Units } from '../../store/units.ts'
import type { Assignment } from '../assignments/assignment.ts'
import { writeAssignmentCell } from './assignment-cell.ts'
import type { Person, Unit } from './person.ts'
import { ROSTER_SHEETS, RosterFileError, rosterFileType } from './read-roster-table.ts'
import { ROSTER_FIELDS, type RosterField, type RosterFormat } from './roster-format.ts'

export type RosterRecord = Readonly<Record<RosterField, string>>

/**
 * Stored people as the rows of a roster file, written so that importing them changes nothing:
 * roles by their labels, leaders by name (姓名（单位） when two people share it), and no handler
 * units for a handler of their own unit only, since an import reads an empty cell so. Every link
 * in force is written, the admins' too: importing them again leaves them the admins'.
 */
export function rosterRecords(people: readonly Person[], units: readonly Unit[], format: RosterFormat, assignments: readonly Assignment[] = []): RosterRecord[] {
  const unitName = new Map(units.map((u) => [u.id, u.name]))
  const nameOf = (unitId: string | undefined) => (unitId ? (unitName.get(unitId) ?? '') : '')
  const byId = new Map(people.map((p) => [p.id, p]))
  const sharing = new Map<string, number>()
  for (const p of people) sharing.set(p.name, (sharing.get(p.name) ?? 0) + 1)
  const leaderName = (id: string) => {
    const leader = byId.get(id)
    if (!leader) return []
    return sharing.get(leader.name)! > 1 ? [`${leader.name}（${nameOf(leader.unitId)}）`] : [leader.name]
  }
  return people.map((p) => {
    const unit = nameOf(p.unitId)
    const handlerUnits = p.handlerOf.map(nameOf).filter((name) => name !== '')
    return {
      name: p.name,
      unit,
      roles: format.roleLabels(p.roles, p.flags).join('、'),
      wecomId: p.wecomId ?? '',
      dingtalkId: p.dingtalkId ?? '',
      title: p.title ?? '',
      leaders: p.secretaryOf.flatMap(leaderName).join('、'),
      handlerUnits: handlerUnits.length === 1 && handlerUnits[0] === unit ? '' : handlerUnits.join('、'),
      assignments: writeAssignmentCell(
        assignments.filter((a) => a.personId === p.id),
        format.assignments,
      ),
    }
  })
}

/** Writes the stored roster to an .xlsx or .csv file with the headers an import reads; returns how many people. */
export async function exportRoster(store: { readonly people: People; readonly units: Units; readonly assignments: Assignments }, format: RosterFormat, file: string): Promise<number> {
  const records = rosterRecords(await store.people.list(), await store.units.list(), format, await store.assignments.list())
  const grid = [ROSTER_FIELDS.map((f) => format.columns[f][0]!), ...records.map((r) => ROSTER_FIELDS.map((f) => r[f]))]
  try {
    if (rosterFileType(file) === 'xlsx') await writeWorkbook(file, grid)
    // The BOM makes Excel read the file as UTF-8 rather than the system's code page.
    else await writeFile(file, `\ufeff${grid.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`)
  } catch (error) {
    if (error instanceof RosterFileError) throw error
    throw new RosterFileError('FILE_UNWRITABLE', { file, error: (error as Error).message })
  }
  return records.length
}

async function writeWorkbook(file: string, grid: readonly string[][]): Promise<void> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(ROSTER_SHEETS[0])
  // Strings stay text cells, so ids such as 00123 keep their leading zeros.
  sheet.addRows(grid.map((row) => [...row]))
  sheet.getRow(1).font = { bold: true }
  sheet.columns.forEach((column) => (column.width = 16))
  await workbook.xlsx.writeFile(file)
}

function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}
