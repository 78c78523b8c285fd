import { z } from 'zod'
import * as s from '../../store/schemas.js'

const count = z.number().int().min(0).max(1_000_000)

/**
 * A scenario file: explicit records plus generated counts. Records may leave out what the loader can
 * fill in (timestamps default to the scenario's clock, tenants to the first client or firm).
 */
export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    seed: z.number().int().default(1),
    /** Start of the sandbox clock and the default for every timestamp the scenario leaves out. */
    clock: s.timestamp.default('2025-01-15T09:00:00Z'),
    /** Fixture files (under `fixtures/`, without `.json`) whose documented payloads are loaded too. */
    include: z.array(z.string()).default([]),
    upvest: z
      .object({
        options: z
          .object({
            /** `manual`: new account groups wait in PENDING_APPROVAL for the activate control route. */
            approval: z.enum(['auto', 'manual']).default('auto'),
            closureDelay: z.string().default('5s'),
            verifySignatures: z.boolean().default(false),
            tokenLifetime: z.number().int().positive().default(3600),
          })
          .prefault({}),
        clients: z.array(s.upvestClient).default([]),
        users: z
          .array(s.upvestUser.partial({ client_id: true, created_at: true, updated_at: true, status: true }))
          .default([]),
        accountGroups: z
          .array(
            s.upvestAccountGroupRecord.partial({
              client_id: true,
              created_at: true,
              updated_at: true,
              status: true,
              securities_account_number: true,
            }),
          )
          .default([]),
        webhooks: z
          .array(
            s.upvestWebhook.partial({
              client_id: true,
              created_at: true,
              updated_at: true,
              enabled: true,
              type: true,
              config: true,
            }),
          )
          .default([]),
        generate: z
          .object({
            users: count.default(0),
            accountGroups: count.default(0),
          })
          .prefault({}),
      })
      .prefault({}),
    addepar: z
      .object({
        firms: z.array(s.addeparFirm).default([]),
        users: z.array(s.addeparUser.partial({ firm_id: true })).default([]),
        groupTypes: z
          .array(s.addeparGroupType.omit({ id: true, firm_id: true }).extend({ firm_id: z.string().optional() }))
          .default([]),
        entities: z.array(s.addeparEntity.partial({ firm_id: true, created_at: true, modified_at: true })).default([]),
        groups: z
          .array(
            s.addeparGroup.partial({
              firm_id: true,
              created_at: true,
              modified_at: true,
              members: true,
              child_groups: true,
            }),
          )
          .default([]),
        generate: z
          .object({
            entities: count.default(0),
            groups: count.default(0),
          })
          .prefault({}),
      })
      .prefault({}),
  })
  .strict()

export type Scenario = z.output<typeof scenarioSchema>
export type ScenarioInput = z.input<typeof scenarioSchema>
export type ScenarioOptions = Scenario['upvest']['options']
