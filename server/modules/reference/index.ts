import type { Database } from '../../db/database.ts'
// Placeholder until the reference-data loader lands (being written now).
export async function loadReferenceData(_db: Database, _log: (message: string) => void = () => {}): Promise<void> {}
