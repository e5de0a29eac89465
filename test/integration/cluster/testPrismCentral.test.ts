/**
 * The test Prism Central itself, spoken to with plain node:https: the
 * refusals and state changes the v4 reference documents (see the fixture's header).
 */
import * as https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { makeVm, PrismCentralState } from '../../fixtures/prism-central/prismCentralState';
import { startTestPrismCentral, type TestPrismCentral } from '../../fixtures/prism-central/testPrismCentral';

const tls = makeSelfSigned({ cn: 'pc.test', sans: ['127.0.0.1'] });
const AUTH = 'Basic ' + Buffer.from('admin:Nutanix/4u').toString('base64');
let pc: TestPrismCentral;

function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{
  status: number;
  headers: Record<string, unknown>; // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads documented JSON shapes
  json: any;
}> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: pc.port,
        method,
        path,
        ca: tls.certPem,
        headers: { 'Content-Type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

beforeAll(async () => {
  const state = new PrismCentralState([
    makeVm({ name: 'win-01' }),
    makeVm({ name: 'win-02' }),
    makeVm({ name: 'rocky-01' }),
  ]);
  pc = await startTestPrismCentral({ tls, state });
});
afterAll(() => pc.close());

describe('test Prism Central', () => {
  it('answers 401 for a wrong password and records requests without Authorization', async () => {
    const bad = 'Basic ' + Buffer.from('admin:wrong').toString('base64');
    const res = await call('GET', '/api/vmm/v4.0/ahv/config/vms', { Authorization: bad });
    expect(res.status).toBe(401);
    const last = pc.requests.at(-1)!;
    expect(last.hadAuthorization).toBe(true);
    expect(JSON.stringify(last.headers)).not.toContain('wrong');
  });

  it('pages and filters the VM list, counting totalAvailableResults', async () => {
    const p1 = await call('GET', "/api/vmm/v4.0/ahv/config/vms?$page=1&$limit=2&$filter=startswith(name,'win')", {
      Authorization: AUTH,
    });
    expect(p1.status).toBe(200);
    expect(p1.json.metadata.totalAvailableResults).toBe(2);
    expect(p1.json.data).toBeUndefined();
    const p0 = await call('GET', '/api/vmm/v4.0/ahv/config/vms?$page=0&$limit=2', { Authorization: AUTH });
    expect(p0.json.data.map((v: { name: string }) => v.name)).toEqual(['win-01', 'win-02']);
    expect((await call('GET', '/api/vmm/v4.0/ahv/config/vms?$limit=101', { Authorization: AUTH })).status).toBe(400);
  });

  it('requires If-Match (428), refuses a stale ETag (412) and runs a task QUEUED → RUNNING → SUCCEEDED', async () => {
    const vm = pc.state.vms[0];
    const gt = await call('GET', `/api/vmm/v4.0/ahv/config/vms/${vm.extId}/guest-tools`, { Authorization: AUTH });
    const etag = String(gt.headers.etag);
    const path = `/api/vmm/v4.0/ahv/config/vms/${vm.extId}/guest-tools/$actions/insert-iso`;
    const body = { capabilities: [], isConfigOnly: false };
    expect((await call('POST', path, { Authorization: AUTH, 'NTNX-Request-Id': 'a' }, body)).status).toBe(428);
    expect(
      (await call('POST', path, { Authorization: AUTH, 'NTNX-Request-Id': 'b', 'If-Match': '"stale"' }, body)).status,
    ).toBe(412);
    const ok = await call('POST', path, { Authorization: AUTH, 'NTNX-Request-Id': 'c', 'If-Match': etag }, body);
    expect(ok.status).toBe(202);
    const taskPath = `/api/prism/v4.0/config/tasks/${encodeURIComponent(ok.json.data.extId)}`;
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('GET', taskPath, { Authorization: AUTH })).json.data.status);
    expect(statuses).toEqual(['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
    const after = await call('GET', `/api/vmm/v4.0/ahv/config/vms/${vm.extId}/guest-tools`, { Authorization: AUTH });
    expect(after.json.data.isIsoInserted).toBe(true);
    expect(after.headers.etag).not.toBe(etag);
  });
});
