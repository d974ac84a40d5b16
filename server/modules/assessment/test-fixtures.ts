// Answers of a typical hard-hit firm for tests; override what a test is about.
export const answers = (overrides: Record<string, unknown> = {}) => ({
  baselineTurnoverIdr: 20_000_000,
  referenceTurnoverIdr: 8_000_000,
  channels: ['offline', 'own_online'],
  workersBefore: 10,
  workersWorking: 6,
  sentHomePaid: 1,
  sentHomePartlyPaid: 0,
  sentHomeUnpaid: 2,
  laidOff: 1,
  materials: [{ material: 'Kain mori', unit: 'meter', neededPerMonth: 500, obtained: 200, cause: 'import_disruption' }],
  exports: [{ contracts: 2, currency: 'USD', value: 15_000, destinationCountries: ['JP', 'NL'], goodsProduced: true }],
  needs: ['financing', 'raw_materials', 'marketing'],
  notes: 'Pesanan dari Jepang ditunda sampai Juli.',
  ...overrides,
})
