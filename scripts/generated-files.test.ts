import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { API_TYPES_FILE, generateApiTypes, generateOpenApi, OPENAPI_FILE } from './openapi.ts'

describe('generated files', () => {
  it('openapi/openapi.json matches the routes (run `npm run gen:openapi` after changing a route)', async () => {
    const committed = fs.readFileSync(OPENAPI_FILE, 'utf8')
    expect(committed).toBe(await generateOpenApi())
  })

  it('web/src/lib/api.gen.ts matches the OpenAPI document', async () => {
    expect(fs.readFileSync(API_TYPES_FILE, 'utf8')).toBe(await generateApiTypes(await generateOpenApi()))
  })

  it('the OpenAPI document declares schemas for every operation', async () => {
    const document = JSON.parse(await generateOpenApi())
    for (const [route, operations] of Object.entries<Record<string, { responses?: object }>>(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.responses, `${method.toUpperCase()} ${route} has no response schema`).toBeDefined()
      }
    }
  })
})
