/**
 * The fleet board's "Push NGT through Prism Central" switch, in Chromium.
 * The test Prism Central (test/fixtures/prism-central: HTTPS on loopback,
 * self-signed, the vmm/prism v4.0 shapes of Nutanix's v4 API reference: the
 * guest-tools read with its ETag, `$actions/insert-iso` and `$actions/install`
 * with If-Match and NTNX-Request-Id, tasks QUEUED → RUNNING → SUCCEEDED) lists
 * two VMs whose addresses are real SSH sandboxes (OpenSSH in their own
 * namespaces, the NGT ISO fixture), both logging in as root by key only:
 *  - Ubuntu 22.04: the installer names Ubuntu, so Prism Central pushes NGT
 *    with the board's fleet-wide guest credential (the hosts have no login
 *    password) and reports Communication Link Active; nothing over SSH;
 *  - Rocky 8.4: the installer does not name Rocky, so NGT Prep's own SSH
 *    install runs, and its row's drill-down says why.
 * The test Prism Central records the install call: the Ubuntu VM's only, with
 * the guest user the board gave. The guest password (a sentinel) appears
 * nowhere on screen or in what main sends the page. Needs root (network
 * namespaces): skipped loudly otherwise, and a failure in CI.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page, WebSocket } from '@playwright/test';
import { fingerprintOfDer } from '../../main/cluster/prismCentral/certificateTrust';
import { CATALOGUE, createTranslator } from '../../main/i18n/catalogue';
import { generateKey } from '../integration/ssh/sshdSandbox';
import { makeSelfSigned } from '../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState, type FixtureVm } from '../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../fixtures/prism-central/testPrismCentral';
import { canRunSandbox, startSandbox, type Sandbox } from '../sandbox';
import { expectNoSeriousA11yViolations } from './support/axe';
import { expect, launchHermeticWebHost, test, type HermeticWebHost } from './support/hermeticWebHost';
import { openTarget } from './support/wizard';

const PC_SENTINEL = `Pc-Push-S3ntinel-${process.pid}`;
const GUEST_SENTINEL = `Guest-Push-S3ntinel-${process.pid}!`;
const GUEST_USER = 'pushuser';
const VMS_PATH = '/api/vmm/v4.0/ahv/config/vms';
const CI = process.env.CI === 'true';
const can = canRunSandbox();
if (!can.ok) {
  console.warn(
    `\n*** fleetPcPush.spec.ts: SKIPPING the board's push through Prism Central: ${can.reason}${CI ? ' (CI: failing instead)' : ''} ***\n`,
  );
}

const tls = makeSelfSigned({ cn: 'pc.push.e2e.test', sans: ['127.0.0.1'], subject: { O: 'NGT Prep E2E' } });
const SCREENSHOTS = path.resolve('.cache/playwright');

/** Everything main sends the page over the browser host's WebSocket. */
function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws: WebSocket) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  return frames;
}

test.describe('the board pushes NGT through Prism Central to the host the installer names', () => {
  test.skip(!can.ok && !CI, `sandbox unavailable: ${can.reason}`);
  test.describe.configure({ mode: 'serial' });

  let ubuntu: Sandbox;
  let rocky: Sandbox;
  let host: { info: HermeticWebHost; stop: () => Promise<void> };
  let pc: TestPrismCentral;
  const keyDir = mkdtempSync(path.join(tmpdir(), 'ngtp-e2e-fleet-push-'));
  const keyPath = path.join(keyDir, 'id_ed25519');
  const vms: FixtureVm[] = [];

  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(300_000);
    expect(can, 'the SSH sandbox must be able to run in CI').toEqual({ ok: true });
    generateKey(keyPath, 'ed25519');
    const publicKey = readFileSync(`${keyPath}.pub`, 'utf8').trim();
    // Root by key only: no login password, so the push takes the board's guest credential.
    [ubuntu, rocky] = await Promise.all([
      startSandbox({ distro: 'ubuntu22', authorizedKeys: [publicKey] }),
      startSandbox({ distro: 'rocky', authorizedKeys: [publicKey], withCluster: true }),
    ]);
    // Both host keys known: this test is about the push, not the host-key question (fleetPrismCentral.spec.ts).
    host = await launchHermeticWebHost([ubuntu, rocky].map((vm) => vm.knownHostsLine()));
    vms.push(
      makeVm({ name: 'push-ubuntu', learnedIps: [ubuntu.host] }),
      makeVm({ name: 'push-rocky', learnedIps: [rocky.host] }),
    );
    pc = await startTestPrismCentral({
      tls,
      state: new PrismCentralState(vms),
      user: { username: 'admin', password: PC_SENTINEL },
    });
  });

  test.afterAll(async () => {
    await pc?.close();
    await host?.stop();
    await Promise.all([ubuntu, rocky].map((v) => v?.stop()));
    rmSync(keyDir, { recursive: true, force: true });
  });

  const installCalls = (vm: FixtureVm) =>
    pc.requests.filter((q) => q.method === 'POST' && q.url === `${VMS_PATH}/${vm.extId}/guest-tools/$actions/install`);
  const row = (page: Page, name: string) => page.locator(`[role="row"][data-host="${name}"]`);

  test('switch the push on, install: Ubuntu pushed with the guest credential to Communication Link Active, Rocky the SSH way with the reason', async ({
    page,
  }) => {
    test.setTimeout(480_000);
    const [vmUbuntu, vmRocky] = vms as [FixtureVm, FixtureVm];
    const frames = recordFrames(page);
    await openTarget(page, host.info.url, 'fleet');

    // The switch belongs to a fleet from Prism Central: a pasted list has none.
    await expect(page.getByTestId('fleet-pc-push')).toHaveCount(0);
    await page.getByRole('radio', { name: 'From Prism Central' }).check();
    await page.getByLabel('Default user (optional)').fill('root');
    await page.getByLabel('Default private key file (optional)').fill(keyPath);
    await page.getByLabel('Prism Central address').fill('127.0.0.1');
    await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(pc.port));
    await page.getByLabel('Prism Central user').fill('admin');
    await page.getByLabel('Prism Central password').fill(PC_SENTINEL);
    await page.getByLabel('VM name contains (optional)').fill('push-');
    await page.getByRole('button', { name: 'Connect and find the hosts' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(page.getByTestId('pc-certificate-fingerprint')).toHaveText(
      fingerprintOfDer(new X509Certificate(tls.certPem).raw),
    );
    await dialog.getByRole('button', { name: 'Trust and connect' }).click();
    await expect(page.getByTestId('fleet-pc-host')).toHaveCount(2, { timeout: 60_000 });
    // Key logins: no password is asked.
    await expect(page.getByLabel(/^Password of /)).toHaveCount(0);

    // The switch, by keyboard: off at first; Space turns it on and shows the reboot and the guest account.
    const push = page.getByRole('switch', {
      name: 'Push NGT through Prism Central (hosts the installer names; the others go the SSH way)',
    });
    await expect(push).not.toBeChecked();
    await expect(page.getByLabel('Guest user (optional)')).toHaveCount(0);
    await push.focus();
    await page.keyboard.press('Space');
    await expect(push).toBeChecked();
    await expect(page.getByRole('radio', { name: 'Do not restart the VMs' })).toBeChecked();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('radio', { name: 'Do not restart the VMs' })).toBeFocused();

    // Both or neither: a guest user without its password stops the install there, and says so.
    await page.getByLabel('Guest user (optional)').fill(GUEST_USER);
    const install = page.getByRole('button', { name: 'Prepare and install all' });
    await install.click();
    await expect(page.getByText('Give the guest user and its password together, or leave both empty.')).toBeVisible();
    await expect(page.getByLabel('Guest password (optional)')).toBeFocused();
    await expect(page.getByTestId('fleet-board')).toHaveCount(0);
    await page.getByLabel('Guest password (optional)').fill(GUEST_SENTINEL);
    await expect(page.getByLabel('Guest password (optional)')).toHaveAttribute('type', 'password');
    await expectNoSeriousA11yViolations(page, 'fleet board: push through Prism Central switched on');

    // Rocky's agent, installed over SSH, reaches the cluster: Prism Central then reports its tools reachable.
    pc.state.reachableAfterReads(vmRocky.extId, 1);
    await install.click();
    await expect(dialog).toContainText(/Apply this change to \d+ hosts?\?/, { timeout: 180_000 });
    await dialog.getByRole('button', { name: 'Apply these changes' }).click();
    const result = page.getByTestId('fleet-result');
    await expect(result).toBeVisible({ timeout: 360_000 });
    for (const name of ['push-ubuntu', 'push-rocky'])
      await expect(row(page, name)).toHaveAttribute('data-status', /^(ok|warn)$/);

    // Ubuntu: the push's steps in its drill-down, ending with Communication Link Active.
    await row(page, 'push-ubuntu').click();
    const detail = page.getByTestId('fleet-host-detail');
    for (const id of ['pc-push-check', 'pc-insert-iso', 'pc-install', 'pc-link'])
      await expect(detail.locator(`[data-step-id="${id}"]`)).toHaveAttribute('data-status', 'ok');
    await expect(detail.locator('[data-step-id="pc-link"]')).toContainText('Communication Link Active: true');
    await expect(detail.locator('[data-step-id="run-installer"]')).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, 'fleet board: a host pushed through Prism Central');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'fleet-pc-push.png'),
      fullPage: true,
      animations: 'disabled',
    });

    // Rocky: the SSH way, NGT Prep's own install, and why.
    await row(page, 'push-rocky').click();
    await expect(detail.locator('[data-step-id="install-way"]')).toContainText(
      'the NGT installer does not name this distribution (rocky linux)',
    );
    await expect(detail.locator('[data-step-id="run-installer"]')).toHaveAttribute('data-status', 'ok');
    await expect(detail.locator('[data-step-id="pc-install"]')).toHaveCount(0);

    // The test Prism Central: one install call, for the Ubuntu VM, with the guest user the board gave.
    const calls = installCalls(vmUbuntu);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({
      credential: { username: GUEST_USER, password: GUEST_SENTINEL },
      rebootPreference: { scheduleType: 'SKIP' },
    });
    expect(installCalls(vmRocky)).toEqual([]);
    expect(pc.requests.filter((q) => q.method === 'POST' && q.url.startsWith(`${VMS_PATH}/${vmRocky.extId}/`))).toEqual(
      [],
    );
    // Pushed, not installed over SSH: nothing of NGT on the Ubuntu sandbox; Rocky has it.
    expect((await ubuntu.exec(['test', '-e', '/usr/local/nutanix/ngt'])).code).not.toBe(0);
    expect((await rocky.exec(['test', '-e', '/usr/local/nutanix/ngt'])).code).toBe(0);

    // The secrets stayed in main.
    const body = await page.textContent('body');
    expect(body).not.toContain(GUEST_SENTINEL);
    expect(body).not.toContain(PC_SENTINEL);
    const sent = frames.join('\n');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent).not.toContain(GUEST_SENTINEL);
    expect(sent).not.toContain(PC_SENTINEL);
  });
});

for (const lang of ['fr', 'ja'] as const) {
  test(`${lang}: the push switch and its options speak ${lang}, with no English left, by keyboard`, async ({
    page,
    hermetic,
  }) => {
    test.setTimeout(120_000);
    const tr = createTranslator(lang);
    // No sandbox: finding the hosts reads Prism Central only; nothing connects to the VM's address.
    const langPc = await startTestPrismCentral({
      tls,
      state: new PrismCentralState([makeVm({ name: 'push-lang-01', learnedIps: ['10.200.254.252'] })]),
      user: { username: 'admin', password: PC_SENTINEL },
    });
    try {
      await page.goto(hermetic.url);
      await page.locator('#language-picker').selectOption(lang);
      await page.getByTestId('target-fleet').getByRole('button').click();
      await page.getByRole('radio', { name: tr('fleetBoard.inventory.prismCentral') }).check();
      await page.getByLabel(tr('fleetBoard.inventory.user')).fill('root');
      await page.getByLabel(tr('clusterPage.connect.host')).fill('127.0.0.1');
      await page.getByRole('textbox', { name: tr('clusterPage.connect.port'), exact: true }).fill(String(langPc.port));
      await page.getByLabel(tr('clusterPage.connect.user')).fill('admin');
      await page.getByLabel(tr('clusterPage.connect.password')).fill(PC_SENTINEL);
      await page.getByRole('button', { name: tr('fleetBoard.pc.find') }).click();
      await page
        .getByRole('alertdialog')
        .getByRole('button', { name: tr('clusterPage.trust.trust') })
        .click();
      const push = page.getByRole('switch', { name: tr('fleetBoard.push.switch') });
      await push.focus();
      await page.keyboard.press('Space');
      await expect(push).toBeChecked();
      await expect(page.getByRole('radio', { name: tr('fleetBoard.push.rebootSkip') })).toBeChecked();
      await page.getByRole('radio', { name: tr('fleetBoard.push.rebootSkip') }).focus();
      await page.keyboard.press('ArrowRight');
      await expect(page.getByRole('radio', { name: tr('fleetBoard.push.rebootImmediate') })).toBeChecked();
      await expect(page.getByLabel(tr('fleetBoard.push.guestUser'))).toBeVisible();
      await expect(page.getByLabel(tr('fleetBoard.push.guestPassword'))).toBeVisible();
      const texts = (tree: unknown): string[] =>
        typeof tree === 'string' ? [tree] : tree && typeof tree === 'object' ? Object.values(tree).flatMap(texts) : [];
      const english = new Set([...texts(CATALOGUE.en.fleetBoard)].filter((v) => !v.includes('{{')));
      const translated = new Set(texts(CATALOGUE[lang].fleetBoard));
      const leaks = (await page.getByTestId('fleet-pc-push').innerText())
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length > 3 && english.has(l) && !translated.has(l));
      expect(leaks).toEqual([]);
      await expectNoSeriousA11yViolations(page, `fleet board push switch in ${lang}`);
    } finally {
      await langPc.close();
    }
  });
}
