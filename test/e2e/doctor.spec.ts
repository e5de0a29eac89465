import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DOCTOR_STEP_IDS } from '../support/doctorSteps';
import { reportSchemaErrors } from '../support/reportSchema';
import { expect, test } from './webHostFixture';

interface DoctorReport {
  result: string;
  steps: { id: string; status: string }[];
}
const statuses = (r: DoctorReport) => r.steps.map((step) => [step.id, step.status]);

/** The built CLI's doctor on this computer, in the browser host's environment: what the machine really yields. */
function cliDoctor(dataDir: string, json: string): DoctorReport {
  const run = spawnSync(process.execPath, [path.resolve('dist/main/cli.js'), 'doctor', '--json', json], {
    env: { ...process.env, NGT_PREP_DATA_DIR: dataDir, LANG: 'en_US.UTF-8' },
    encoding: 'utf8',
  });
  expect(run.error, run.stderr).toBeUndefined();
  return JSON.parse(readFileSync(json, 'utf8')) as DoctorReport;
}

test('home → doctor: each step shows the status the CLI doctor finds on this computer, the report saves and validates', async ({
  page,
  webHost,
}, testInfo) => {
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(webHost.url);
  // The token moved from the fragment into this tab's sessionStorage and out of the address bar.
  await expect(page).toHaveURL(`${webHost.origin}/`);
  await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toBeVisible();
  for (const target of ['windows', 'linux', 'probe', 'doctor'])
    await expect(page.getByTestId(`target-${target}`)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('home.png'), fullPage: true });

  await page.getByRole('button', { name: 'Run the check' }).first().click();
  await page.getByRole('button', { name: 'Run the check' }).click();
  const result = page.getByTestId('job-result');
  await expect(result).toBeVisible();
  await expect(result).toHaveAttribute('data-result', /ok|warn/);
  const steps = page.locator('[data-step-id]');
  await expect(steps).toHaveCount(DOCTOR_STEP_IDS.length); // the doctor job's steps, named below against the report
  // What the screen shows per step, to hold against the report main wrote (below).
  const onScreen = await steps.evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-step-id'), e.getAttribute('data-status')]),
  );
  const shownResult = await result.getAttribute('data-result');
  await expect(page.getByTestId('live-region')).toContainText('Job finished');
  await expect(page.getByTestId('log-lines')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('doctor-result.png'), fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save report (JSON)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^ngt-prep-doctor-.*\.json$/);
  const file = testInfo.outputPath('report.json');
  await download.saveAs(file);
  const report = JSON.parse(readFileSync(file, 'utf8')) as DoctorReport;
  expect(reportSchemaErrors(report)).toEqual([]);
  expect(report.steps.map((step) => step.id)).toEqual([...DOCTOR_STEP_IDS]);
  // Every step on screen reached the final status the engine recorded for it, in the engine's order.
  expect(onScreen).toEqual(statuses(report));
  expect(shownResult).toBe(report.result);
  // And those are this computer's statuses: the CLI's doctor finds the same, step by step.
  const cli = cliDoctor(webHost.dataDir, testInfo.outputPath('cli-doctor.json'));
  expect(statuses(report)).toEqual(statuses(cli));
  expect(report.result).toBe(cli.result);
  // Knowable here whatever else is installed: Linux on x64 or arm64, and a data folder of its own.
  expect(statuses(report)).toEqual(
    expect.arrayContaining([
      ['doctor.os', 'ok'],
      ['doctor.app-data', 'ok'],
    ]),
  );

  const [html] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save report (HTML)' }).click(),
  ]);
  const htmlFile = testInfo.outputPath('report.html');
  await html.saveAs(htmlFile);
  expect(readFileSync(htmlFile, 'utf8')).toContain('NGT Prep report: this computer');
  expect(cspViolations).toEqual([]);
});

test('without the token the page says it is not connected, and its socket is refused', async ({ page, webHost }) => {
  await page.goto(`${webHost.origin}/`);
  await expect(page.getByTestId('not-connected')).toContainText('Open the address NGT Prep printed');
  await expect(page.getByRole('heading', { name: 'What do you want to prepare?' })).toHaveCount(0);
  // Same browser, token-less page on the app origin: the socket upgrade is refused too.
  const opened = await page.evaluate(
    (port) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['ngt-prep.v1']);
        ws.onopen = () => resolve(true);
        ws.onerror = () => resolve(false);
      }),
    webHost.port,
  );
  expect(opened).toBe(false);
});
