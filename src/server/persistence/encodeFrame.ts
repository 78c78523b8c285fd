import { crc32 } from 'node:zlib'

/** Bytes before each frame's payload: its length and its CRC-32, both unsigned 32-bit little-endian. */
export const FRAME_HEADER_BYTES = 8

/**
 * One record of a change log (docs/persistence.md#log): the payload's length and CRC-32, then the payload,
 * so that a reader can tell a complete record from one a crash cut short.
 */
export function encodeFrame(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8')
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + body.length)
  frame.writeUInt32LE(body.length, 0)
  frame.writeUInt32LE(crc32(body), 4)
  body.copy(frame, FRAME_HEADER_BYTES)
  return frame
}
