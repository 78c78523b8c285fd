/**
 * A failure the API answers as problem+json. Domain functions throw it so that they stay free of HTTP;
 * the handlers turn it into the response (docs/upvest.md#error-body).
 */
export class UpvestError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly options: { title?: string; type?: string } = {},
  ) {
    super(detail)
    this.name = 'UpvestError'
  }
}
