#!/usr/bin/env node
// Entry point of the `pulih` command: runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../server/main.ts')
await main()
