import type { Provider } from '../engine/Provider.js'
import type { ControlApi } from '../sandbox/control/ControlApi.js'
import { controlError } from './controlError.js'
import { controlRoutes } from './controlRoutes.js'

/** The control API as one more provider of the engine: the same operations in-process, over HTTP and in a page. */
export const controlProvider: Provider<ControlApi> = {
  name: 'control',
  routes: controlRoutes,
  error: (_request, status, detail) => controlError(status, detail),
}
