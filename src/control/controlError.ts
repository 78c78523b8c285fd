import { type EngineResponse, jsonResponse } from '../engine/EngineResponse.js'

/** A control-API error: plain JSON naming the field at fault. */
export function controlError(status: number, message: string, field?: string): EngineResponse {
  return jsonResponse(status, { error: message, ...(field ? { field } : {}) })
}
