/**
 * The fleet board ("Many VMs") taking its hosts from Prism Central, in
 * Chromium: the test Prism Central (test/fixtures/prism-central: HTTPS on
 * loopback with a self-signed certificate, the vmm v4.0 VM list with its
 * `$filter` on names, as Nutanix's v4 API reference documents it) lists VMs
 * whose addresses are real SSH sandboxes (OpenSSH in their own namespaces,
 * the NGT ISO fixture read-only). The person picks "From Prism Central",
 * connects, trusts the certificate after reading it (nothing sent before),
 * narrows the VMs by name and power state, sees the hosts with their IP and
 * OS (a VM without an address is a problem with what to do), prepares them
 * and reads the readiness table of the sandboxes, then installs and sees
 * each host's verify ask Prism Central for its own VM's link. A changed certificate is
 * refused before the password is sent: the test Prism Central records
 * whether a request carried an Authorization header. Needs root (network
 * namespaces): skipped loudly otherwise, and a failure in CI.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, WebSocket } from '@playwright/test';
import { fingerprintOfDer } from '../../main/cluster/prismCentral/certificateTrust';
import { TRUST_FILE_NAME } from '../../main/cluster/prismCentral/trustStore';
import { CATALOGUE, createTranslator } from '../../main/i18n/catalogue';
import { makeSelfSigned, type PemPair } from '../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState } from '../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../fixtures/prism-central/testPrismCentral';
import { canRunSandbox, startSandbox, type Sandbox } from '../sandbox';
import { expectNoSeriousA11yViolations } from './support/axe';
import { expect, launchHermeticWebHost, test, type HermeticWebHost } from './support/hermeticWebHost';
import { openTarget } from './support/wizard';

const PC_SENTINEL = `Pc-Fleet-S3ntinel-${process.pid}`;
const ROOT_SENTINEL = `R00t-Fleet-S3ntinel-${process.pid}!`;
const CI = process.env.CI === 'true';
const can = canRunSandbox();
if (!can.ok) {
  console.warn(
    `\n*** fleetPrismCentral.spec.ts: SKIPPING the board's Prism Central source: ${can.reason}${CI ? ' (CI: failing instead)' : ''} ***\n`,
  );
}

const tls = makeSelfSigned({ cn: 'pc.fleet.e2e.test', sans: ['127.0.0.1'], subject: { O: 'NGT Prep E2E' } });
const fingerprintOf = (pair: PemPair) => fingerprintOfDer(new X509Certificate(pair.certPem).raw);
const SCREENSHOTS = path.resolve('.cache/playwright');

/** Everything main sends the page over the browser host's WebSocket. */
function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws: WebSocket) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  return frames;
}

test.describe("the board's hosts from Prism Central, against two sandbox VMs", () => {
  test.skip(!can.ok && !CI, `sandbox unavailable: ${can.reason}`);
  test.describe.configure({ mode: 'serial' });

  let rocky1: Sandbox;
  let rocky2: Sandbox;
  let host: { info: HermeticWebHost; stop: () => Promise<void> };
  const servers: TestPrismCentral[] = [];

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(300_000);
    expect(can, 'the SSH sandbox must be able to run in CI').toEqual({ ok: true });
    [rocky1, rocky2] = await Promise.all([
      startSandbox({ distro: 'rocky', rootPassword: ROOT_SENTINEL, withCluster: true }),
      startSandbox({ distro: 'rocky', rootPassword: ROOT_SENTINEL, withCluster: true }),
    ]);
    host = await launchHermeticWebHost();
  });

  test.afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  test.afterAll(async () => {
    await host?.stop();
    await Promise.all([rocky1, rocky2].map((v) => v?.stop()));
  });

  /** Two Linux VMs on the sandboxes (one learned, one configured address), one without an address, two others. */
  async function startPc(): Promise<TestPrismCentral> {
    const pc = await startTestPrismCentral({
      tls,
      state: new PrismCentralState([
        makeVm({
          name: 'lnx-rocky-01',
          learnedIps: [rocky1.host],
          guestTools: { guestOsVersion: 'linux:64:Rocky Linux-8.4' },
        }),
        makeVm({
          name: 'lnx-rocky-02',
          configuredIps: [rocky2.host],
          guestTools: { guestOsVersion: 'linux:64:Rocky Linux-8.4' },
        }),
        makeVm({ name: 'lnx-noip-03' }),
        makeVm({ name: 'lnx-off-04', powerState: 'OFF', learnedIps: ['10.200.254.254'] }),
        makeVm({ name: 'win-web-01', learnedIps: ['10.200.254.253'] }),
      ]),
      user: { username: 'admin', password: PC_SENTINEL },
    });
    servers.push(pc);
    return pc;
  }

  async function fillSource(page: Page, pc: TestPrismCentral) {
    await page.getByRole('radio', { name: 'From Prism Central' }).check();
    await page.getByLabel('Default user (optional)').fill('root');
    await page.getByLabel('Prism Central address').fill('127.0.0.1');
    await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(pc.port));
    await page.getByLabel('Prism Central user').fill('admin');
    await page.getByLabel('Prism Central password').fill(PC_SENTINEL);
    await page.getByLabel('VM name contains (optional)').fill('lnx-');
    await expect(page.getByLabel('Power state')).toHaveValue('ON');
  }

  async function trustCertificate(page: Page, pc: TestPrismCentral) {
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Trust this Prism Central certificate?');
    await expect(page.getByTestId('pc-certificate-fingerprint')).toHaveText(fingerprintOf(tls));
    await expect(page.getByTestId('pc-certificate')).toContainText('CN=pc.fleet.e2e.test');
    // Only looked at so far: no request, so no password, reached Prism Central before the choice.
    expect(pc.requests).toEqual([]);
    await expectNoSeriousA11yViolations(page, 'fleet board: Prism Central certificate dialog');
    await dialog.getByRole('button', { name: 'Trust and connect' }).click();
  }

  const hostRow = (page: Page, name: string) => page.locator(`[data-testid="fleet-pc-host"][data-host="${name}"]`);

  test('pick Prism Central, connect, trust, filter, see the hosts with IP and OS, prepare, read the readiness, install, see each link', async ({
    page,
  }) => {
    test.setTimeout(360_000);
    const pc = await startPc();
    const frames = recordFrames(page);
    await openTarget(page, host.info.url, 'fleet');
    await fillSource(page, pc);
    await expectNoSeriousA11yViolations(page, 'fleet board: Prism Central source form');

    // Keyboard: Enter in the form submits it.
    await page.getByLabel('VM name contains (optional)').press('Enter');
    await trustCertificate(page, pc);

    // The VMs the filter and the power state leave, as hosts: name, address, OS, the VM behind each.
    const hosts = page.getByTestId('fleet-pc-host');
    await expect(hosts).toHaveCount(2, { timeout: 60_000 });
    await expect(page.getByRole('heading', { name: '2 hosts from Prism Central' })).toBeVisible();
    await expect(hostRow(page, 'lnx-rocky-01').locator('[data-column="address"]')).toHaveText(rocky1.host);
    await expect(hostRow(page, 'lnx-rocky-01').locator('[data-column="os"]')).toHaveText('Linux');
    await expect(hostRow(page, 'lnx-rocky-02').locator('[data-column="address"]')).toHaveText(rocky2.host);
    const vm1 = pc.state.vms.find((v) => v.name === 'lnx-rocky-01')!;
    await expect(hostRow(page, 'lnx-rocky-01')).toContainText(vm1.extId);
    // The VM without an address: a problem with what to do, as the CLI's --pc source reports it.
    const problems = page.getByTestId('inventory-problem');
    await expect(problems).toHaveCount(1);
    await expect(problems.first()).toContainText('lnx-noip-03');
    await expect(problems.first()).toContainText('has no IPv4 address in Prism Central');
    await expect(problems.first()).toContainText('Power the VM on and let its NIC learn an address');
    // The name filter went to Prism Central as OData; the OFF VM and the other names are not hosts.
    expect(pc.requests.some((r) => decodeURIComponent(r.url).includes("contains(name, 'lnx-')"))).toBe(true);
    await expect(hostRow(page, 'lnx-off-04')).toHaveCount(0);
    await expect(hostRow(page, 'win-web-01')).toHaveCount(0);
    // Every request after the choice carried the credentials; the certificate is pinned in the app data directory.
    expect(pc.requests.length).toBeGreaterThan(0);
    expect(pc.requests.every((r) => r.hadAuthorization)).toBe(true);
    const pinned = JSON.parse(readFileSync(path.join(host.info.dataDir, TRUST_FILE_NAME), 'utf8'));
    expect(pinned.certificates).toEqual([
      expect.objectContaining({ host: '127.0.0.1', port: pc.port, fingerprint: fingerprintOf(tls) }),
    ]);

    // Nothing runs while a problem is left, until the bad host is explicitly left out; root's password once.
    const prepare = page.getByRole('button', { name: 'Check all (prepare only)' });
    await expect(prepare).toBeDisabled();
    await page.getByLabel('Password of root').fill(ROOT_SENTINEL);
    await expect(prepare).toBeDisabled();
    await page.getByRole('checkbox', { name: 'Leave out the hosts that have problems and run the others' }).check();
    await expectNoSeriousA11yViolations(page, 'fleet board: hosts from Prism Central');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'fleet-pc-source.png'),
      fullPage: true,
      animations: 'disabled',
    });
    await prepare.click();

    // The fleet job connects again (pinned now: no question), lists the same VMs, asks about the two new host keys.
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Trust 2 new host keys?', { timeout: 120_000 });
    const keys = dialog.getByTestId('fleet-host-keys');
    await expect(keys.locator('tr[data-host="lnx-rocky-01"]')).toContainText(rocky1.hostKeyFingerprint);
    await expect(keys.locator('tr[data-host="lnx-rocky-02"]')).toContainText(rocky2.hostKeyFingerprint);
    await dialog.getByRole('button', { name: 'Trust these 2 keys and go on' }).click();

    const result = page.getByTestId('fleet-result');
    await expect(result).toBeVisible({ timeout: 240_000 });
    await expect(page.getByTestId('fleet-readiness')).toBeVisible();
    await expect(page.locator('[data-step-id="inventory"]')).toContainText('2 hosts will run (1 left out).');
    for (const name of ['lnx-rocky-01', 'lnx-rocky-02'])
      await expect(page.locator(`[data-readiness="will-patch"][data-host="${name}"]`)).toHaveCount(1);
    await expect(page.locator('[role="row"][data-host]')).toHaveCount(2);
    await expect(page.locator('[role="row"][data-host="lnx-rocky-01"]')).toContainText(rocky1.host);
    // Prepare is read-only: nothing was installed on the sandbox behind the VM.
    const installed = await rocky1.exec(['test', '-e', '/usr/local/nutanix/ngt']);
    expect(installed.code, 'prepare installs nothing').not.toBe(0);
    await expectNoSeriousA11yViolations(page, 'fleet board: prepared from Prism Central');
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'fleet-pc-prepared.png'),
      fullPage: true,
      animations: 'disabled',
    });

    // Install and verify from the same board: each host's verify asks Prism Central for its own VM's link
    // (the test Prism Central reports the tools reachable from the second guest-tools read on).
    const extIds = ['lnx-rocky-01', 'lnx-rocky-02'].map((name) => pc.state.vms.find((v) => v.name === name)!.extId);
    for (const extId of extIds) pc.state.reachableAfterReads(extId, 1);
    const beforeInstall = pc.requests.length;
    await page.getByRole('button', { name: 'Prepare and install all' }).click();
    await expect(dialog).toContainText('Apply this change to 2 hosts?', { timeout: 120_000 });
    await dialog.getByRole('button', { name: 'Apply these changes' }).click();
    await expect(result).toBeVisible({ timeout: 300_000 });
    for (const name of ['lnx-rocky-01', 'lnx-rocky-02'])
      await expect(page.locator(`[role="row"][data-host="${name}"]`)).toHaveAttribute('data-status', /^(ok|warn)$/);
    const linkReads = pc.requests
      .slice(beforeInstall)
      .filter((r) => r.method === 'GET' && r.url.includes('/guest-tools'));
    for (const extId of extIds) expect(linkReads.some((r) => r.url.includes(`/vms/${extId}/guest-tools`))).toBe(true);
    await page.locator('[role="row"][data-host="lnx-rocky-01"]').click();
    const detail = page.getByTestId('fleet-host-detail');
    await expect(detail.locator('[data-step-id="cluster-side"]')).toContainText('Communication Link Active: true');
    await expect(detail.locator('[data-step-id="cluster-side"]')).toHaveAttribute('data-status', 'ok');
    const installedNow = await rocky1.exec(['test', '-e', '/usr/local/nutanix/ngt']);
    expect(installedNow.code, 'NGT is installed on the sandbox behind lnx-rocky-01').toBe(0);

    expect(await page.textContent('body')).not.toContain(PC_SENTINEL);
    expect(await page.textContent('body')).not.toContain(ROOT_SENTINEL);
    const sent = frames.join('\n');
    expect(sent).not.toContain(PC_SENTINEL);
    expect(sent).not.toContain(ROOT_SENTINEL);
  });

  test('a changed certificate is refused before the password is sent, and explained', async ({ page }) => {
    test.setTimeout(180_000);
    const pc = await startPc();
    await openTarget(page, host.info.url, 'fleet');
    await fillSource(page, pc);
    const find = page.getByRole('button', { name: 'Connect and find the hosts' });
    await find.click();
    await trustCertificate(page, pc);
    await expect(page.getByTestId('fleet-pc-host')).toHaveCount(2, { timeout: 60_000 });

    // Another server answers at the same address now.
    const impostor = makeSelfSigned({ cn: 'impostor.fleet.e2e.test', sans: ['127.0.0.1'] });
    pc.setCertificate(impostor);
    const before = pc.requests.length;
    await find.click();
    const alert = page.getByTestId('pc-certificate-changed');
    await expect(alert).toBeVisible({ timeout: 60_000 });
    await expect(alert).toHaveAttribute('role', 'alert');
    await expect(alert).toContainText("Refused: Prism Central's certificate has changed");
    await expect(alert).toContainText(fingerprintOf(impostor));
    await expect(alert).toContainText(fingerprintOf(tls));
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    await expect(page.locator('[data-step-id="connect"]')).toContainText('PC_CERT_CHANGED');
    // No request at all after the change, so no Authorization header: the password never left.
    expect(pc.requests.slice(before)).toEqual([]);
    // The old hosts are gone; nothing can run from a refused source.
    await expect(page.getByTestId('fleet-pc-host')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Check all (prepare only)' })).toHaveCount(0);
    expect(await page.textContent('body')).not.toContain(PC_SENTINEL);
    await expectNoSeriousA11yViolations(page, 'fleet board: Prism Central certificate changed');
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'fleet-pc-certificate-changed.png'),
      fullPage: true,
      animations: 'disabled',
    });
  });
});

for (const lang of ['fr', 'ja'] as const) {
  test(`${lang}: the Prism Central source speaks ${lang}, with no English left, by keyboard`, async ({
    page,
    hermetic,
  }) => {
    const tr = createTranslator(lang);
    await page.goto(hermetic.url);
    await page.locator('#language-picker').selectOption(lang);
    await page.getByTestId('target-fleet').getByRole('button').click();
    await expect(page.getByRole('heading', { name: tr('fleetBoard.page.title') })).toBeVisible();
    // Keyboard: the source radios are one group; the arrow keys move to Prism Central.
    await page.getByRole('radio', { name: tr('fleetBoard.inventory.paste') }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: tr('fleetBoard.inventory.prismCentral') })).toBeChecked();
    await expect(page.getByLabel(tr('fleetBoard.pc.nameContains'))).toBeVisible();
    await expect(page.getByRole('button', { name: tr('fleetBoard.pc.find') })).toBeVisible();
    // Submitting the empty form says what is missing, in the language, and moves the focus there.
    await page.getByRole('button', { name: tr('fleetBoard.pc.find') }).click();
    await expect(page.getByText(tr('clusterPage.errors.hostRequired'))).toBeVisible();
    await expect(page.getByLabel(tr('clusterPage.connect.host'))).toBeFocused();
    const texts = (tree: unknown): string[] =>
      typeof tree === 'string' ? [tree] : tree && typeof tree === 'object' ? Object.values(tree).flatMap(texts) : [];
    const english = new Set(
      [...texts(CATALOGUE.en.fleetBoard), ...texts(CATALOGUE.en.clusterPage)].filter((v) => !v.includes('{{')),
    );
    const translated = new Set([...texts(CATALOGUE[lang].fleetBoard), ...texts(CATALOGUE[lang].clusterPage)]);
    const leaks = (await page.locator('main').innerText())
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 3 && english.has(l) && !translated.has(l));
    expect(leaks).toEqual([]);
    await expectNoSeriousA11yViolations(page, `fleet board Prism Central source in ${lang}`);
  });
}
