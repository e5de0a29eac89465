/** Quoting for the few literals NGT Prep writes into PowerShell text (the exported script's constants). */

/**
 * A PowerShell single-quoted literal: nothing inside is evaluated. Every single-quote character
 * PowerShell knows (' and the typographic ‘ ’ ‚ ‛) is doubled.
 */
export function psSingleQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}
