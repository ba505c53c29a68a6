import DataLoader from 'dataloader'

/**
 * Client-side group commit: single writes made while the previous batch is still on its way to
 * the store are sent together as the next batch. Under load the batches grow by themselves
 * (each command to the store costs far more than a document in it); when idle a write goes
 * out on the next turn of the event loop, alone. setImmediate, rather than the next tick,
 * lets every request read in the same poll phase join the batch.
 *
 * `write` answers each item with its value or an Error, in order.
 */
export function groupedWrites<K, V>(write: (batch: readonly K[]) => Promise<Array<V | Error>>): DataLoader<K, V> {
  let previous: Promise<unknown> = Promise.resolve()
  return new DataLoader<K, V>(
    (batch) => {
      const written = write(batch)
      previous = written.catch(() => undefined)
      return written
    },
    { cache: false, maxBatchSize: 1000, batchScheduleFn: (dispatch) => void previous.then(() => setImmediate(dispatch)) },
  )
}
