/**
 * The Prism Central page in Chromium against the test Prism Central
 * (test/fixtures/prism-central: HTTPS on loopback with a self-signed
 * certificate, the vmm v4.0 and prism v4.0 shapes of Nutanix's v4 API
 * reference as its generated SDK documents carry them): connect and trust the
 * certificate, read each VM's readiness, choose VMs, push, follow the tasks,
 * see Communication Link Active; a changed certificate refused before any
 * credential is sent; a wrong password; sentinel passwords in no output.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, WebSocket } from '@playwright/test';
import { fingerprintOfDer } from '../../main/cluster/prismCentral/certificateTrust';
import { TRUST_FILE_NAME } from '../../main/cluster/prismCentral/trustStore';
import { JOB_LOG_FILE_NAME } from '../../main/app/jobLogFile';
import { CATALOGUE, createTranslator, type Language } from '../../main/i18n/catalogue';
import { makeSelfSigned, type PemPair } from '../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState } from '../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../fixtures/prism-central/testPrismCentral';
import { reportSchemaErrors } from '../support/reportSchema';
import { expectNoSeriousA11yViolations } from './support/axe';
import { openTarget, step, waitForResult } from './support/wizard';
import { expect, test } from './webHostFixture';

const PC_SENTINEL = 'Pc-Wiz-S3ntinel-7731';
const GUEST_SENTINEL = 'Gu3st-Wiz-S3ntinel-4410';
const WRONG_SENTINEL = 'Wr0ng-Wiz-S3ntinel-0095';
const SENTINELS = [PC_SENTINEL, GUEST_SENTINEL, WRONG_SENTINEL];

const tls = makeSelfSigned({ cn: 'pc.e2e.test', sans: ['127.0.0.1'], subject: { O: 'NGT Prep E2E' } });
const fingerprintOf = (pair: PemPair) => fingerprintOfDer(new X509Certificate(pair.certPem).raw);

function fleet() {
  return [
    makeVm({ name: 'win-web-01', guestTools: { guestOsVersion: 'windows:64:Windows Server 2022' } }),
    makeVm({ name: 'win-app-02', guestTools: { guestOsVersion: 'windows:64:Windows Server 2019' } }),
    makeVm({ name: 'rocky-db-01', guestTools: { guestOsVersion: 'linux:64:Rocky Linux-8.4' } }),
    makeVm({ name: 'win-nocd-03', cdRoms: [{ busType: 'IDE', content: 'iso' }] }),
    makeVm({ name: 'win-off-04', powerState: 'OFF' }),
    makeVm({
      name: 'done-05',
      cdRoms: [{ busType: 'SATA', content: 'guest-tools' }],
      guestTools: { isInstalled: true, isEnabled: true, isReachable: true, isIsoInserted: true, version: '4.1' },
    }),
  ];
}

const servers: TestPrismCentral[] = [];
async function startPc(): Promise<TestPrismCentral> {
  const pc = await startTestPrismCentral({
    tls,
    state: new PrismCentralState(fleet()),
    user: { username: 'admin', password: PC_SENTINEL },
  });
  servers.push(pc);
  return pc;
}
test.afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Everything main sends the page over the browser host's WebSocket: events and answers (job:log included). */
function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws: WebSocket) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  return frames;
}

async function connect(page: Page, pc: TestPrismCentral, password: string): Promise<void> {
  await page.getByLabel('Prism Central address').fill('127.0.0.1');
  await page.getByRole('textbox', { name: 'Port', exact: true }).fill(String(pc.port));
  await page.getByLabel('Prism Central user').fill('admin');
  const field = page.getByLabel('Prism Central password');
  await field.fill(password);
  // Keyboard: Enter in the form submits it.
  await field.press('Enter');
}

async function trustCertificate(page: Page, pc: TestPrismCentral): Promise<void> {
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Trust this Prism Central certificate?');
  await expect(page.getByTestId('pc-certificate-fingerprint')).toHaveText(fingerprintOf(tls));
  await expect(page.getByTestId('pc-certificate')).toContainText('CN=pc.e2e.test');
  await expect(page.getByTestId('pc-certificate')).toContainText('DEPTH_ZERO_SELF_SIGNED_CERT');
  // Nothing was sent before the choice: the certificate was only looked at.
  expect(pc.requests).toEqual([]);
  await dialog.getByRole('button', { name: 'Trust and connect' }).click();
}

const row = (page: Page, name: string) => page.locator(`[data-testid="pc-vm-row"][data-vm="${name}"]`);
const pushRow = (page: Page, name: string) => page.locator(`[data-testid="pc-push-row"][data-vm="${name}"]`);

test('connect, trust, see readiness, choose, push, follow the tasks and see Communication Link Active', async ({
  page,
  webHost,
}, testInfo) => {
  test.setTimeout(240_000);
  const pc = await startPc();
  const frames = recordFrames(page);
  await openTarget(page, webHost.url, 'cluster');
  await expect(page.getByRole('heading', { name: 'Push NGT from Prism Central' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Port', exact: true })).toHaveValue('9440');
  await expectNoSeriousA11yViolations(page, 'cluster connect form');

  await connect(page, pc, PC_SENTINEL);
  await expectNoSeriousA11yViolations(page, 'certificate trust dialog');
  await trustCertificate(page, pc);
  expect(await waitForResult(page)).toBe('ok');
  // Pinned in the trust file of the app data directory, after the explicit choice.
  const pinned = JSON.parse(readFileSync(path.join(webHost.dataDir, TRUST_FILE_NAME), 'utf8'));
  expect(pinned.certificates).toEqual([
    expect.objectContaining({ host: '127.0.0.1', port: pc.port, fingerprint: fingerprintOf(tls) }),
  ]);
  expect(pc.requests.every((r) => r.hadAuthorization)).toBe(true);

  // Readiness as Prism Central reports it.
  await expect(page.getByTestId('pc-vm-row')).toHaveCount(6);
  await expect(row(page, 'win-web-01')).toHaveAttribute('data-state', 'ready');
  await expect(row(page, 'win-web-01').locator('[data-column="power"]')).toHaveText('ON');
  await expect(row(page, 'win-web-01').locator('[data-column="ngt"]')).toHaveText('NGT not installed');
  await expect(row(page, 'win-web-01').locator('[data-column="cdrom"]')).toHaveText('yes');
  await expect(row(page, 'win-nocd-03')).toHaveAttribute('data-state', 'not-ready');
  await expect(row(page, 'win-nocd-03').locator('[data-column="cdrom"]')).toHaveText('no');
  await expect(row(page, 'win-nocd-03')).toContainText('Add an empty CD-ROM');
  await expect(row(page, 'win-off-04')).toContainText('Power the VM on');
  await expect(row(page, 'done-05')).toHaveAttribute('data-state', 'link-active');
  await expect(row(page, 'done-05').locator('[data-column="iso"]')).toHaveText('yes');
  await expect(row(page, 'done-05').locator('[data-column="reachable"]')).toHaveText('yes');
  await expect(row(page, 'rocky-db-01')).toHaveAttribute('data-state', 'ssh-way');
  await expect(row(page, 'rocky-db-01').getByTestId('pc-vm-ssh-way')).toContainText('over SSH');
  await expect(row(page, 'rocky-db-01').getByRole('checkbox')).toBeDisabled();
  await expect(row(page, 'win-nocd-03').getByRole('checkbox')).toBeDisabled();
  await expectNoSeriousA11yViolations(page, 'cluster VM table');

  // The name filter.
  await page.getByLabel('Filter by name').fill('WIN-');
  await expect(page.getByTestId('pc-vm-row')).toHaveCount(4);
  await page.getByLabel('Filter by name').fill('');
  await expect(page.getByTestId('pc-vm-row')).toHaveCount(6);

  // Nothing chosen: the push says so and sends nothing.
  await page.getByRole('textbox', { name: 'Guest account', exact: true }).fill('Administrator');
  await page.getByLabel('Guest password').fill(GUEST_SENTINEL);
  await page.getByRole('button', { name: /^Push NGT to 0 VMs$/ }).click();
  await expect(page.getByTestId('pc-none-chosen')).toBeVisible();

  // Choose two VMs, one with the keyboard.
  await page.getByRole('checkbox', { name: 'Push NGT to win-web-01' }).check();
  const second = page.getByRole('checkbox', { name: 'Push NGT to win-app-02' });
  await second.focus();
  await page.keyboard.press('Space');
  await expect(second).toBeChecked();
  const before = pc.requests.length;
  await page.getByRole('button', { name: 'Push NGT to 2 VMs' }).click();

  // Each VM's Prism Central task, with its status and percentage, then the link.
  const first = pushRow(page, 'win-web-01');
  await expect(first).toContainText(/task (QUEUED|RUNNING) \d+%/);
  await expect(first).toHaveAttribute('data-link', 'active', { timeout: 120_000 });
  await expect(first.getByTestId('pc-link')).toHaveText('Communication Link Active');
  await expect(pushRow(page, 'win-app-02')).toHaveAttribute('data-link', 'active', { timeout: 120_000 });
  expect(await waitForResult(page, 120_000)).toBe('ok');
  await expect(step(page, 'link-1')).toHaveAttribute('data-status', 'ok');
  await expect(step(page, 'link-2')).toContainText('Communication Link Active: true');
  await expect(first.getByTestId('pc-push-percent')).toHaveText('100%');

  // What the test Prism Central was asked: the documented install body, the guest account, If-Match, a request id.
  const installs = pc.requests.slice(before).filter((r) => r.url.endsWith('/guest-tools/$actions/install'));
  expect(installs).toHaveLength(2);
  for (const install of installs) {
    expect(install.hadAuthorization).toBe(true);
    expect(install.headers['if-match']).toBeTruthy();
    expect(install.headers['ntnx-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(install.body).toMatchObject({
      credential: { username: 'Administrator', password: GUEST_SENTINEL },
      rebootPreference: { scheduleType: 'SKIP' },
    });
  }
  const web = pc.state.vms.find((v) => v.name === 'win-web-01')!;
  expect(web.guestTools).toMatchObject({ isInstalled: true, isReachable: true });
  await expectNoSeriousA11yViolations(page, 'cluster push result');
  await page.screenshot({ path: testInfo.outputPath('cluster-push.png'), fullPage: true, animations: 'disabled' });

  // The report, saved as the other pages save it, carries no secret.
  for (const [button, file] of [
    ['Save report (JSON)', 'cluster-report.json'],
    ['Save report (HTML)', 'cluster-report.html'],
  ]) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    await download.saveAs(testInfo.outputPath(file));
    const text = readFileSync(testInfo.outputPath(file), 'utf8');
    for (const s of SENTINELS) expect(text, `${file} holds no password`).not.toContain(s);
    expect(text).toContain('Communication Link Active');
    if (file.endsWith('.json')) {
      const report = JSON.parse(text);
      expect(reportSchemaErrors(report)).toEqual([]);
      expect(report.job.kind).toBe('pc-push');
    }
  }

  // The whole log (job:log, debug lines included) comes over the same socket as the events.
  await page.getByRole('switch', { name: 'Include debug lines when copying' }).check();
  const framesBefore = frames.length;
  await page.getByRole('button', { name: 'Copy log' }).click();
  await expect.poll(() => frames.slice(framesBefore).some((f) => f.includes('"lines"'))).toBe(true);
  expect(frames.some((f) => f.includes('"job-finished"'))).toBe(true);
  for (const s of SENTINELS) {
    expect(
      frames.filter((f) => f.includes(s)),
      'no event or answer holds a password',
    ).toEqual([]);
    expect(await page.textContent('body')).not.toContain(s);
  }
  const logFile = path.join(webHost.dataDir, JOB_LOG_FILE_NAME);
  await expect.poll(() => readFileSync(logFile, 'utf8').includes('link-2')).toBe(true);
  for (const s of SENTINELS) expect(readFileSync(logFile, 'utf8')).not.toContain(s);
});

test('a changed certificate is refused before any credential is sent, and explained', async ({ page, webHost }) => {
  const pc = await startPc();
  await openTarget(page, webHost.url, 'cluster');
  await connect(page, pc, PC_SENTINEL);
  await trustCertificate(page, pc);
  expect(await waitForResult(page)).toBe('ok');

  // Another server answers at the same address now.
  const impostor = makeSelfSigned({ cn: 'impostor.e2e.test', sans: ['127.0.0.1'] });
  pc.setCertificate(impostor);
  const requestsBefore = pc.requests.length;
  await page.getByRole('button', { name: 'List the VMs again' }).click();
  expect(await waitForResult(page)).toBe('failed');
  const alert = page.getByTestId('pc-certificate-changed');
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText("Refused: Prism Central's certificate has changed");
  // The certificate it saw (so the server was reached) and the pinned one.
  await expect(alert).toContainText(fingerprintOf(impostor));
  await expect(alert).toContainText(fingerprintOf(tls));
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(step(page, 'connect')).toContainText('PC_CERT_CHANGED');
  // No request, so no Authorization header, came after the change.
  expect(pc.requests.slice(requestsBefore)).toEqual([]);
  expect(await page.textContent('body')).not.toContain(PC_SENTINEL);
  await expectNoSeriousA11yViolations(page, 'certificate changed');
});

test('a wrong password gives the authentication error and shows no password', async ({ page, webHost }) => {
  const pc = await startPc();
  const frames = recordFrames(page);
  await openTarget(page, webHost.url, 'cluster');
  await connect(page, pc, WRONG_SENTINEL);
  await trustCertificate(page, pc);
  expect(await waitForResult(page)).toBe('failed');
  await expect(step(page, 'list-vms')).toHaveAttribute('data-status', 'fail');
  await expect(step(page, 'list-vms')).toContainText('Prism Central refused the user name or password (HTTP 401).');
  await expect(step(page, 'list-vms')).toContainText('PC_AUTH_FAILED');
  await expect(step(page, 'list-vms')).toContainText('Check the Prism Central user and password in the form');
  expect(pc.requests.length).toBeGreaterThan(0);
  expect(pc.requests.every((r) => r.hadAuthorization)).toBe(true);
  await expect(page.getByTestId('pc-vms')).toHaveCount(0);
  expect(await page.textContent('body')).not.toContain(WRONG_SENTINEL);
  expect(frames.filter((f) => f.includes(WRONG_SENTINEL))).toEqual([]);
});

type Tree = { [k: string]: string | string[] | Tree };
const flat = (tree: Tree): string[] =>
  Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v : flat(v)));

for (const lang of ['fr', 'ja'] as const satisfies Language[]) {
  test(`${lang}: the trust dialog and the VM table speak the language, with no English left`, async ({
    page,
    webHost,
  }) => {
    const tr = createTranslator(lang);
    const pc = await startPc();
    await page.goto(webHost.url);
    await page.locator('#language-picker').selectOption(lang);
    await page.getByTestId('target-cluster').getByRole('button').click();
    await expect(page.getByRole('heading', { name: tr('clusterPage.title') })).toBeVisible();
    await page.getByRole('textbox', { name: tr('clusterPage.connect.host') }).fill('127.0.0.1');
    await page.getByRole('textbox', { name: tr('clusterPage.connect.port'), exact: true }).fill(String(pc.port));
    await page.getByRole('textbox', { name: tr('clusterPage.connect.password') }).fill(PC_SENTINEL);
    await page.getByRole('button', { name: tr('clusterPage.connect.run') }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText(tr('clusterPage.trust.title'));
    await dialog.getByRole('button', { name: tr('clusterPage.trust.trust') }).click();
    await expect(row(page, 'rocky-db-01')).toContainText(tr('clusterPage.vms.states.ssh-way'));
    await expect(row(page, 'win-web-01')).toContainText(tr('clusterPage.vms.states.ready'));
    const english = new Set(flat(CATALOGUE.en as Tree).filter((s) => !/{{/.test(s)));
    const translated = new Set(flat(CATALOGUE[lang] as Tree));
    const leaks = (await page.locator('body').innerText())
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 3 && english.has(l) && !translated.has(l));
    expect(leaks).toEqual([]);
    await expectNoSeriousA11yViolations(page, `cluster VM table (${lang})`);
  });
}
