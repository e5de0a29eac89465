/**
 * The probe flow in the wizard against a WinRM stand-in on loopback: an HTTPS
 * WS-Management server with a self-signed certificate that names 127.0.0.1.
 * Every layer's result must show, and the proof card must carry the
 * certificate and the Identify answer.
 */
import { startFakeWinRm, type LoopbackServer } from '../fixtures/probe/loopbackServers';
import { makeSelfSigned } from '../fixtures/probe/makeCertificates';
import { expectNoSeriousA11yViolations } from './support/axe';
import { openTarget, step, waitForResult } from './support/wizard';
import { expect, test } from './webHostFixture';

const VENDOR = 'Microsoft Corporation';
const VERSION = 'OS: 10.0.20348 SP: 0.0 Stack: 3.0';
const SENTINEL = 'Probe-S3ntinel-Pw!';

let server: LoopbackServer;

test.beforeAll(async () => {
  const tls = makeSelfSigned({
    cn: 'win-e2e.example.test',
    sans: ['win-e2e.example.test', '127.0.0.1'],
    subject: { O: 'NGT Prep E2E' },
  });
  server = await startFakeWinRm({
    tls,
    vendor: VENDOR,
    version: VERSION,
    accounts: [{ user: 'Administrator', password: SENTINEL }],
  });
});

test.afterAll(async () => {
  await server?.close();
});

test('probe a loopback WinRM listener: each layer, the self-signed warning and the proof', async ({
  page,
  webHost,
}, testInfo) => {
  await openTarget(page, webHost.url, 'probe');
  await expect(page.getByRole('heading', { name: 'Probe a Windows VM from here' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'probe form');

  // Inline validation before anything starts: a bad port and a user without password.
  const port = page.getByLabel('WinRM HTTPS port');
  await expect(port).toHaveValue('5986');
  await port.fill('70000');
  await page.getByRole('button', { name: 'Run the probe' }).click();
  await expect(page.getByText("Enter the VM's host name or IP address.")).toBeVisible();
  await expect(page.getByText('The port is a whole number from 1 to 65535.')).toBeVisible();
  await expect(page.getByLabel('Host name or IP address')).toBeFocused();
  await expect(page.getByTestId('job-result')).toHaveCount(0);

  await page.getByLabel('Host name or IP address').fill('127.0.0.1');
  await port.fill(String(server.port));
  await page.getByLabel('User for the Basic check (optional)').fill('Administrator');
  await page.getByLabel('Password (optional)').fill(SENTINEL);
  await page.getByRole('button', { name: 'Run the probe' }).click();

  const result = await waitForResult(page);
  expect(result).toBe('warn');
  await expect(step(page, 'dns')).toHaveAttribute('data-status', 'ok');
  await expect(step(page, 'tcp')).toHaveAttribute('data-status', 'ok');
  await expect(step(page, 'tls')).toHaveAttribute('data-status', 'warn');
  await expect(step(page, 'tls')).toContainText('self-signed');
  await expect(step(page, 'tls')).toContainText('PROBE_CERT_SELF_SIGNED');
  await expect(step(page, 'identify')).toHaveAttribute('data-status', 'ok');
  await expect(step(page, 'identify')).toContainText(VENDOR);
  await expect(step(page, 'basic-auth')).toHaveAttribute('data-status', 'ok');

  const proof = page.getByTestId('probe-proof');
  await expect(proof).toBeVisible();
  const cert = page.getByTestId('proof-certificate');
  await expect(cert).toContainText('CN=win-e2e.example.test');
  await expect(cert).toContainText('127.0.0.1');
  await expect(page.getByTestId('proof-self-signed')).toHaveText('Yes');
  await expect(page.getByTestId('proof-host-match')).toHaveText('Yes');
  await expect(page.getByTestId('proof-thumbprint')).toHaveText(/^[0-9A-F]{40}$/);
  // Validity dates are formatted for the language (English: "June 3, 2026 at 10:00 AM"), not raw ISO.
  expect(await cert.locator('time').first().textContent()).toMatch(/^[A-Z][a-z]+ \d{1,2}, \d{4}/);
  const identify = page.getByTestId('proof-identify');
  await expect(identify).toContainText(VENDOR);
  await expect(identify).toContainText(VERSION);
  await expect(identify).toContainText('http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd');

  // The password reached the server as Basic, and nowhere on the page.
  expect(server.requests.some((r) => typeof r.headers.authorization === 'string')).toBe(true);
  expect(await page.textContent('body')).not.toContain(SENTINEL);
  await expectNoSeriousA11yViolations(page, 'probe result');
  await page.screenshot({ path: testInfo.outputPath('probe-result.png'), fullPage: true, animations: 'disabled' });
});
