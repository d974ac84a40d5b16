import { expect, test } from 'vitest'
import { diffRows } from './audit-diff.ts'

test('compares before and after field by field', () => {
  expect(diffRows({ name: 'A', disabled: false, n: 1 }, { name: 'B', disabled: false, extra: { x: 1 } })).toEqual([
    { field: 'disabled', before: 'false', after: 'false', changed: false },
    { field: 'extra', before: '', after: '{\n "x": 1\n}', changed: true },
    { field: 'n', before: '1', after: '', changed: true },
    { field: 'name', before: 'A', after: 'B', changed: true },
  ])
  expect(diffRows(null, null)).toEqual([])
})
