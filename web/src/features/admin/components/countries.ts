/** Parses "jp, kr ae" into ["JP", "KR", "AE"]; null when empty or when any code is not two letters. */
export function parseCountries(text: string): string[] | null {
  const codes = text
    .split(/[\s,;]+/)
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean)
  if (!codes.length || codes.some((code) => !/^[A-Z]{2}$/.test(code))) return null
  return [...new Set(codes)]
}
