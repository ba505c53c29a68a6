import { describe, expect, it } from 'vitest'
import { createUnderstanding, readAmounts } from '../../src/understanding/index.ts'

const understanding = createUnderstanding('conversations/vocabulary')

describe('readAmounts', () => {
  it.each([
    ['今天给学生讲了2个课时的思政课', { classHours: 2 }],
    // A day of the month is no length: the 5 of 11月25日, 27日 alone.
    ['11月25日在5号宿舍和计算机2101班同学座谈', {}],
    ['27日到机械工程学院调研，和学生座谈', {}],
    ['11月26日给机械2201班讲了一堂思政课', {}],
    ['为21级讲了两节课的形势与政策', { classHours: 2 }],
    ['讲了4学时', { classHours: 4 }],
    ['上午讲了一堂思政课', {}],
    ['第一节课就去听了', {}],
    ['驻点办公半天', { days: 0.5 }],
    ['在机械学院驻点办公一天半', { days: 1.5 }],
    ['驻点办公0.5天', { days: 0.5 }],
    ['连续两天在学院调研', { days: 2 }],
    ['11月3日在3号宿舍座谈', {}],
    ['前一天去了食堂', {}],
    ['每天都去', {}],
    ['当天下午两点', {}],
  ])('%s', (text, amounts) => {
    expect(readAmounts(text, understanding)).toEqual(amounts)
  })
})
