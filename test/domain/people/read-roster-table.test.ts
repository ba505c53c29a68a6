import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { readRosterTable, RosterFileError } from '../../../src/domain/people/read-roster-table.ts'
import { loadRosterFormat } from '../../../src/domain/people/roster-format.ts'

const format = loadRosterFormat()
const dir = mkdtempSync(path.join(tmpdir(), 'liaison-roster-read-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const file = (name: string, content: string | Buffer) => {
  const target = path.join(dir, name)
  writeFileSync(target, content)
  return target
}

/** GBK bytes of the characters below, as Excel's "CSV (逗号分隔)" writes them on Chinese Windows. */
const GBK: Record<string, string> = { 姓: 'd0d5', 名: 'c3fb', 单: 'b5a5', 位: 'cebb', 角: 'bdc7', 色: 'c9ab', 张: 'd5c5', 伟: 'ceb0', 党: 'b5b3', 委: 'ceaf', 校: 'd0a3', 领: 'c1ec', 导: 'b5bc' }
const gbk = (text: string) => Buffer.concat([...text].map((c) => (GBK[c] ? Buffer.from(GBK[c], 'hex') : Buffer.from(c, 'ascii'))))

async function fileError(promise: Promise<unknown>): Promise<{ code: string; params: unknown }> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(RosterFileError)
  const { code, params } = error as RosterFileError
  return { code, params }
}

describe('readRosterTable', () => {
  it('reads a workbook whose header sits below a title row, keeping the sheet row numbers', async () => {
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('说明').addRow(['这一页不是名单'])
    const sheet = workbook.addWorksheet('名单')
    sheet.addRow(['2026 年联系人员名单'])
    sheet.mergeCells('A1:D1')
    sheet.addRow(['姓名', '单位', '角色', '企业微信ID'])
    sheet.addRow(['张建国', '党委', '党委书记', 'zhangjianguo'])
    sheet.addRow([])
    sheet.addRow(['刘洋', '学生工作部', '职能部门负责人\n办理人', 12345])
    const target = path.join(dir, 'roster.xlsx')
    await workbook.xlsx.writeFile(target)

    const table = await readRosterTable(target, format)
    expect(table.encoding).toBe('xlsx')
    expect(table.headers).toEqual(['姓名', '单位', '角色', '企业微信ID'])
    expect(table.rows).toEqual([
      { row: 3, cells: { 姓名: '张建国', 单位: '党委', 角色: '党委书记', 企业微信ID: 'zhangjianguo' } },
      { row: 5, cells: { 姓名: '刘洋', 单位: '学生工作部', 角色: '职能部门负责人\n办理人', 企业微信ID: '12345' } },
    ])
  })

  it('reads a UTF-8 CSV with the BOM Excel writes, numbering rows as Excel shows them', async () => {
    const csv = '\ufeff姓名,单位,角色\r\n张建国,党委,"党委书记\r\n校领导"\r\n"王""小""明",党委,校领导\r\n'
    const table = await readRosterTable(file('roster.csv', csv), format)
    expect(table).toEqual({
      encoding: 'utf-8',
      headers: ['姓名', '单位', '角色'],
      rows: [
        { row: 2, cells: { 姓名: '张建国', 单位: '党委', 角色: '党委书记\r\n校领导' } },
        { row: 3, cells: { 姓名: '王"小"明', 单位: '党委', 角色: '校领导' } },
      ],
    })
  })

  it('reads a CSV saved in GBK', async () => {
    const table = await readRosterTable(file('gbk.csv', gbk('姓名,单位,角色\r\n张伟,党委,校领导\r\n')), format)
    expect(table).toEqual({ encoding: 'gbk', headers: ['姓名', '单位', '角色'], rows: [{ row: 2, cells: { 姓名: '张伟', 单位: '党委', 角色: '校领导' } }] })
  })

  it('reads a tab-separated file saved as .csv', async () => {
    const table = await readRosterTable(file('tabs.csv', '姓名\t单位\t角色\n张伟\t党委\t校领导\n'), format)
    expect(table.rows).toEqual([{ row: 2, cells: { 姓名: '张伟', 单位: '党委', 角色: '校领导' } }])
  })

  it('refuses a file that is neither UTF-8 nor a GBK roster', async () => {
    expect(await fileError(readRosterTable(file('latin1.csv', Buffer.from('Name,Caf\xe9\n', 'latin1')), format))).toMatchObject({ code: 'FILE_NOT_UTF8' })
  })

  it('refuses other file types, missing files and files without a header', async () => {
    expect(await fileError(readRosterTable(file('roster.xls', 'x'), format))).toEqual({ code: 'FILE_TYPE', params: { file: path.join(dir, 'roster.xls') } })
    expect(await fileError(readRosterTable(path.join(dir, 'missing.csv'), format))).toMatchObject({ code: 'FILE_UNREADABLE' })
    expect(await fileError(readRosterTable(file('not-a-workbook.xlsx', '姓名,单位\n'), format))).toMatchObject({ code: 'FILE_UNREADABLE' })
    expect(await fileError(readRosterTable(file('no-header.csv', '名单\n张伟,党委,校领导\n'), format))).toEqual({ code: 'FILE_NO_HEADER', params: { column: '姓名' } })
  })
})
