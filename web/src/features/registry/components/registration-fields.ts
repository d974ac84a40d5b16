/**
 * The registration form's name for a field the API names: the account's own fields, the owner's
 * personal data (checked as `owner.*`, typed into the account part), or a firm field.
 */
export function registrationField(field: string): string {
  if (field === 'password' || field === 'email') return `account.${field}`
  if (field.startsWith('owner.')) return `account.${field.slice('owner.'.length)}`
  if (field.startsWith('account.')) return field
  return field.replace(/^firm\./, '')
}
