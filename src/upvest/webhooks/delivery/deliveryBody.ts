/**
 * The body of one delivery (docs/webhooks.md#delivery): `{"payload":[event, ...]}`, the envelope Upvest's own tooling reads,
 * with the events in ascending `created_at` order (a stable sort keeps the order they happened in).
 */
export function deliveryBody(events: readonly { created_at: string }[]): string {
  const payload = [...events].sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0))
  return JSON.stringify({ payload })
}
