// Localised messages for the error codes of the registry's duplicates.
export const duplicatesMessages: Record<string, { id: string; en: string }> = {
  DUPLICATE_SAME_FIRM: {
    id: 'Pasangan duplikat harus terdiri dari dua usaha yang berbeda.',
    en: 'A duplicate pair must be two different firms.',
  },
  DUPLICATE_ALREADY_DECIDED: {
    id: 'Pasangan usaha ini sudah diputuskan ({decision}).',
    en: 'This pair of firms has already been decided ({decision}).',
  },
  DUPLICATE_MERGE_ORGANISATION_EMPTY: {
    id: 'Akun pemilik tidak dapat diambil dari usaha yang digabung karena usaha itu tidak punya akun; pemilik usaha yang dipertahankan akan kehilangan aksesnya. Pilih akun dari usaha yang dipertahankan.',
    en: "The owner account cannot be taken from the merged firm because it has none; the surviving firm's owner would lose access. Keep the surviving firm's account.",
  },
  DUPLICATE_MERGE_NOT_FOUND: { id: 'Penggabungan tidak ditemukan.', en: 'Merge not found.' },
  DUPLICATE_MERGE_ALREADY_REVERTED: {
    id: 'Penggabungan ini sudah dibatalkan sebelumnya.',
    en: 'This merge has already been reverted.',
  },
  DUPLICATE_MERGE_SUPERSEDED: {
    id: 'Salah satu usaha ini ikut dalam penggabungan lain yang lebih baru. Batalkan penggabungan itu terlebih dahulu.',
    en: 'One of these firms took part in a later merge. Revert that merge first.',
  },
  DUPLICATE_MERGE_STALE: {
    id: 'Data usaha hasil penggabungan sudah diubah sejak digabungkan; pembatalan akan menghapus perubahan itu. Batalkan perubahan secara manual.',
    en: 'The surviving firm has been changed since the merge; reverting would discard those changes. Undo them by hand instead.',
  },
  DUPLICATE_REVERT_CONFLICT: {
    id: 'Penggabungan tidak dapat dibatalkan: NIB atau akun usaha yang digabungkan kini dipakai oleh usaha lain.',
    en: 'The merge cannot be reverted: the merged firm’s NIB or account is now used by another firm.',
  },
}
