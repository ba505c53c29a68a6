import { describe, expect, it } from 'vitest'
import { Catalog } from '../../../src/store/embedded/engine/catalog.ts'
import { decode, encode } from '../../../src/store/embedded/engine/collection.ts'
import { DocumentArena } from '../../../src/store/embedded/engine/document-arena.ts'
import { postingIds, postingSize, withId, withoutId, type Posting } from '../../../src/store/embedded/engine/posting.ts'
import { selectDocuments } from '../../../src/store/embedded/engine/select.ts'

describe('document arena', () => {
  it('gives back the bytes stored at each location, small and large, across chunks', () => {
    const arena = new DocumentArena()
    const docs = [
      ...Array.from({ length: 5000 }, (_, i) => encode({ _id: i, text: 'x'.repeat(i % 500) })),
      encode({ _id: 'large', text: 'y'.repeat(600_000) }),
      encode({ _id: 'after', n: 1 }),
    ]
    const locations = docs.map((bytes) => arena.store(bytes))
    locations.forEach((location, i) => expect(Buffer.from(arena.view(location)).equals(Buffer.from(docs[i]!))).toBe(true))
    expect(locations.every(Number.isSafeInteger)).toBe(true)
  })

  it('asks for repacking once most of the stored bytes are dead', () => {
    const arena = new DocumentArena()
    const locations = Array.from({ length: 40_000 }, (_, i) => arena.store(encode({ _id: i, text: 'z'.repeat(200) })))
    expect(arena.needsRepacking).toBe(false)
    for (const location of locations.slice(0, 30_000)) arena.release(location)
    expect(arena.needsRepacking).toBe(true)
  })
})

describe('collection storage', () => {
  it('keeps reads, indexes and an earlier capture right through deletes that repack the arena', () => {
    const collection = new Catalog().getOrCreate('db', 'notes')
    collection.addIndex({ name: 'day_1', key: { day: 1 } })
    for (let i = 0; i < 40_000; i++) collection.insert({ _id: i, day: i % 7, text: 'w'.repeat(200) })
    const captured = collection.capture()
    for (let i = 0; i < 35_000; i++) collection.remove({ _id: i, day: i % 7 })
    expect(collection.size).toBe(5000)
    expect(collection.get(39_999)).toEqual({ _id: 39_999, day: 39_999 % 7, text: 'w'.repeat(200) })
    expect(collection.get(0)).toBeUndefined()
    expect(selectDocuments(collection, { day: 3 }).docs.map((d) => d._id)).toEqual(
      Array.from({ length: 5000 }, (_, k) => 35_000 + k).filter((id) => id % 7 === 3),
    )
    let n = 0
    for (const bytes of captured) {
      expect(decode(bytes)).toEqual({ _id: n, day: n % 7, text: 'w'.repeat(200) })
      n++
    }
    expect(n).toBe(40_000)
  })
})

describe('postings', () => {
  it('grow from one id through an array to a set and back, in insertion order', () => {
    let posting: Posting | undefined
    const ids = Array.from({ length: 40 }, (_, i) => `id${i}`)
    for (const id of ids) posting = withId(posting, id)
    posting = withId(posting, 'id3')
    expect(posting).toBeInstanceOf(Set)
    expect([...postingIds(posting!, false)]).toEqual(ids)
    expect([...postingIds(posting!, true)]).toEqual([...ids].reverse())
    for (const id of ids.slice(0, 39)) posting = withoutId(posting!, id)
    expect(posting).toBe('id39')
    expect(withoutId(posting!, 'id39')).toBeUndefined()
  })

  it('keep a few ids in a short array', () => {
    let posting: Posting = withId(withId(undefined, 'a'), 'b')
    posting = withId(posting, 'c')
    posting = withId(posting, 'b')
    expect(posting).toEqual(['a', 'b', 'c'])
    expect(postingSize(posting)).toBe(3)
    posting = withoutId(posting, 'b')!
    expect(posting).toEqual(['a', 'c'])
    expect(withoutId(posting, 'a')).toBe('c')
    expect(withoutId('c', 'x')).toBe('c')
  })
})
