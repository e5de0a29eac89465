/** The PowerShell checker for Playwright tests (the same one the unit tests use). */
import * as lint from '../../support/powershellLint';

export function powershellLint(): typeof lint {
  return lint;
}
