export interface AddeparErrorOptions {
  /** JSON pointer to the body member at fault (docs/addepar.md#errors). */
  pointer?: string
  /** The query parameter at fault. */
  parameter?: string
  headers?: Record<string, string>
}

/**
 * A failure with its Addepar status. Domain code throws it from any depth, so that a bulk write can stop
 * at the first invalid item before anything is written; the route turns it into a JSON:API error.
 */
export class AddeparError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly options: AddeparErrorOptions = {},
  ) {
    super(detail)
    this.name = 'AddeparError'
  }
}
