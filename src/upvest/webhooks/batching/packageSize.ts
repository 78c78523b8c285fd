import { deliveryBody } from '../delivery/deliveryBody.js'

/** What `config.max_package_size` limits: the UTF-8 bytes of the body that would carry `events`. */
export function packageSize(events: readonly { created_at: string }[]): number {
  return new TextEncoder().encode(deliveryBody(events)).byteLength
}
