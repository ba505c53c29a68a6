import type { KnownPerson, RosterTable } from '../../../src/domain/people/parse-roster.ts'

/** The export's header row: every column roster.yaml knows, by its first name. */
export const HEADERS = ['姓名', '单位', '角色', '企业微信ID', '钉钉ID', '职务', '所属领导', '办理单位', '联系点']

/** A table as a file would give it: rows keyed by header, numbered from 2 (row 1 is the header). */
export function table(rows: ReadonlyArray<Readonly<Partial<Record<string, string>>>>, headers: readonly string[] = HEADERS): RosterTable {
  return {
    headers,
    rows: rows.map((cells, i) => ({ row: i + 2, cells: Object.fromEntries(headers.map((h) => [h, cells[h] ?? ''])) })),
  }
}

/** A stored person as parseRoster sees them; a school leader of 党委 unless told otherwise. */
export function known(person: Partial<KnownPerson> & Pick<KnownPerson, 'id' | 'name'>): KnownPerson {
  return { roles: ['schoolLeader'], flags: [], secretaryOf: [], handlerOf: [], unitName: '党委', handlerUnitNames: [], ...person }
}
