/**
 * "This Windows machine" on a non-Windows host (this Linux runner): the page
 * says the preparation must run on the VM, exports the script with hostile
 * option values safely, and leads to the probe.
 */
import { readFileSync } from 'node:fs';
import { findSyntaxProblems, loadPowerShellParser, occurrencesOutsideStringLiterals } from '../support/powershellLint';
import { expectNoSeriousA11yViolations } from './support/axe';
import { openTarget } from './support/wizard';
import { expect, test } from './webHostFixture';

const HOSTILE_ADDRESS = "10.0.0.1'; Remove-Item C:\\ -Recurse #";
const HOSTILE_SUBSHELL = '10.0.0.2$(Stop-Computer)`"';

test('on Linux the Windows page explains where to run it and offers Export and Probe', async ({
  page,
  webHost,
}, testInfo) => {
  await openTarget(page, webHost.url, 'windows');
  await expect(page.getByRole('heading', { name: 'This Windows machine' })).toBeVisible();
  const notice = page.getByTestId('not-windows');
  await expect(notice).toContainText('Run this part on the Windows VM itself');
  await expect(notice).toContainText('must run on the Windows VM itself');
  await expect(notice).toContainText('Linux');
  // No local actions on a non-Windows host; export and probe are offered.
  await expect(page.getByRole('button', { name: 'Apply' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Roll back' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export script' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Probe a Windows VM from here' })).toBeVisible();
  // Defaults from the contract.
  await expect(page.getByLabel('Validity of a new certificate (days)')).toHaveValue('1095');
  await expect(page.getByRole('radio', { name: '4096 bits' })).toBeChecked();
  await expect(page.getByRole('switch', { name: 'Allow Basic authentication (Prism Central uses it)' })).toBeChecked();
  await expectNoSeriousA11yViolations(page, 'windows (not Windows)');
  await page.screenshot({
    path: testInfo.outputPath('windows-not-windows.png'),
    fullPage: true,
    animations: 'disabled',
  });

  // Keyboard: the options are reached in reading order, with a visible focus ring.
  await page.getByLabel('Certificate thumbprint (optional)').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: '4096 bits' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Validity of a new certificate (days)')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Firewall: allowed remote addresses')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('switch', { name: 'Allow Basic authentication (Prism Central uses it)' })).toBeFocused();
  await page.keyboard.press('Tab');
  // Finding 3: LocalAccountTokenFilterPolicy is opt-in, off by default, and explained.
  const tokenFilter = page.getByRole('switch', { name: /Allow other local administrators over WinRM/ });
  await expect(tokenFilter).toBeFocused();
  await expect(tokenFilter).not.toBeChecked();
  await expect(
    page.getByText(/Needed only when Prism Central signs in with a local administrator other than the built-in/),
  ).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('switch', { name: 'Golden image variant' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Export script' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Probe a Windows VM from here' })).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath('windows-keyboard-focus.png'), animations: 'disabled' });

  // Inline validation: a bad thumbprint and validity stop the export and take the focus.
  await page.getByLabel('Certificate thumbprint (optional)').fill('not-a-thumbprint');
  await page.getByLabel('Validity of a new certificate (days)').fill('0');
  await page.getByRole('button', { name: 'Export script' }).click();
  await expect(page.getByText('A thumbprint is 40 hexadecimal characters')).toBeVisible();
  await expect(page.getByText('Enter a whole number of days from 1 to 7300.')).toBeVisible();
  await expect(page.getByLabel('Certificate thumbprint (optional)')).toBeFocused();
  await expectNoSeriousA11yViolations(page, 'windows options with errors');

  await page.getByRole('button', { name: 'Probe a Windows VM from here' }).click();
  await expect(page.getByRole('heading', { name: 'Probe a Windows VM from here' })).toBeVisible();
  await expect(page.getByLabel('WinRM HTTPS port')).toHaveValue('5986');
});

test('hostile addresses are refused before any script is built; a valid golden-image export parses clean', async ({
  page,
  webHost,
}, testInfo) => {
  await openTarget(page, webHost.url, 'windows');
  const addresses = page.getByLabel('Firewall: allowed remote addresses');
  await addresses.fill(`${HOSTILE_ADDRESS}\n${HOSTILE_SUBSHELL}, 192.0.2.10`);
  let downloads = 0;
  page.on('download', () => void downloads++);
  await page.getByRole('button', { name: 'Export script' }).click();
  await expect(page.getByText(`"${HOSTILE_ADDRESS}" is not an IP address`)).toBeVisible();
  await expect(addresses).toBeFocused();
  expect(downloads).toBe(0);

  // Valid values, with a thumbprint copied from Windows' dialog (spaces and the invisible mark): normalised, accepted.
  await addresses.fill('192.0.2.10, 198.51.100.0/24\nLocalSubnet');
  await page
    .getByLabel('Certificate thumbprint (optional)')
    .fill('\u200e3b 5f 0a 9c 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 00');
  await page.getByRole('radio', { name: '2048 bits' }).check();
  await page.getByRole('switch', { name: 'Golden image variant' }).check();

  const exportError = page.getByTestId('export-error');
  const [download] = await Promise.all([
    Promise.race([
      page.waitForEvent('download', { timeout: 30_000 }),
      exportError.waitFor({ timeout: 30_000 }).then(async () => {
        throw new Error(`no download; the page says: ${await exportError.textContent()}`);
      }),
    ]),
    page.getByRole('button', { name: 'Export script' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('ngt-prep-winrm-https-golden-image.ps1');
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const script = readFileSync(file, 'utf8');
  expect(script.replace(/^\uFEFF/, '')).toMatch(/^(#|<#)/);
  await expect(page.getByText(`Script saved as ${download.suggestedFilename()}.`)).toBeVisible();

  // Parsed as PowerShell: no syntax errors, no PowerShell 7-only syntax; the options travel as Base64 data.
  const parser = await loadPowerShellParser();
  const tree = parser.parse(script);
  expect(findSyntaxProblems(tree, script)).toEqual([]);
  for (const needle of ['198.51.100.0/24', '3B5F0A9C'])
    expect(occurrencesOutsideStringLiterals(tree, script, needle), needle).toEqual([]);
  expect(script).toContain('Register-ScheduledTask');
  await page.screenshot({ path: testInfo.outputPath('windows-exported.png'), fullPage: true, animations: 'disabled' });
});
