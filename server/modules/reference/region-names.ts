// idn-area-data spells provinces and regencies in capitals ("JAWA BARAT", "KABUPATEN BANDUNG").
// People read names, not shouting, so the loader stores a display form. The rules are
// deterministic so the dataset checksum (and the ODbL "method of alteration") stays stable.

/** Acronyms that stay in capitals wherever they appear. */
const ACRONYMS = new Set(['DKI', 'DI', 'NAD'])
/** Function words written in lower case inside a name (Kabupaten Pangkajene dan Kepulauan). */
const LOWER_CASE_WORDS = new Set(['dan'])
const ROMAN_NUMERAL = /^(?=[IVX])X{0,3}(IX|IV|V?I{0,3})$/

function capitalise(word: string): string {
  // Hyphenated names capitalise each part ("TOLI-TOLI" → "Toli-Toli"); letters after an
  // apostrophe stay lower case ("KI'E" → "Ki'e").
  return word
    .toLowerCase()
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-')
}

/**
 * Display form of an all-capitals region name.
 * @example displayRegionName('DKI JAKARTA') // 'DKI Jakarta'
 */
export function displayRegionName(raw: string): string {
  const words = raw.trim().split(/\s+/)
  return words
    .map((word, index) => {
      const upper = word.toUpperCase()
      if (ACRONYMS.has(upper) || ROMAN_NUMERAL.test(upper)) return upper
      if (index > 0 && LOWER_CASE_WORDS.has(word.toLowerCase())) return word.toLowerCase()
      return capitalise(word)
    })
    .join(' ')
}

/**
 * District names upstream are already in mixed case except for a few; only names without any
 * lower-case letter are recased, so upstream spellings such as "Grong-grong" are kept.
 * @example displayDistrictName("KI'E") // "Ki'e"
 */
export function displayDistrictName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ')
  return /[a-z]/.test(name) ? name : displayRegionName(name)
}
