import { compareNumericIds } from '../../store/createStore.js'

/** Several sequences in ascending numeric id order as one (the partitions of several group types). */
export function* mergeById<T extends { id: string }>(sources: readonly Iterable<T>[]): Generator<T> {
  const iterators = sources.map((source) => source[Symbol.iterator]())
  const heads = iterators.map((iterator) => iterator.next())
  for (;;) {
    let min = -1
    heads.forEach((head, i) => {
      const current = heads[min]
      if (!head.done && (!current || current.done || compareNumericIds(head.value.id, current.value.id) < 0)) min = i
    })
    const head = heads[min]
    if (!head || head.done) return
    yield head.value
    heads[min] = (iterators[min] as Iterator<T>).next()
  }
}
