/**
 * A bound just below or above every value of one BSON type rank. Index scans use it for the
 * open side of a range so that `{a: {$gt: 5}}` stops at the last number, as MongoDB's type
 * bracketing does, without knowing a largest number or string.
 */
export class RankEdge {
  readonly _bsontype = 'RankEdge'
  constructor(readonly rank: number, readonly high: boolean) {}
}
