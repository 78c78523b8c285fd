/**
 * The scheduler job that works through one subscription's queue; its payload is `{ webhook_id, due? }`,
 * `due` being the sandbox time (ms) the job stands for.
 */
export const WEBHOOK_DELIVERY_JOB = 'upvest.webhook.delivery'
