import { describe, expect, it } from 'vitest';
import { compareNgtVersions, parseNgtConfig } from '../../../main/ngt/ngtConfig';

describe('parseNgtConfig', () => {
  it('an NGT 2.x file', () => {
    const text = JSON.stringify({
      cluster_ip: '10.0.0.50',
      port: 2074,
      ngt_uuid: '5d0e9a3c-0d25-4b7b-8a4f-1f0c9e6a1b2c',
      ngt_version: '2.1.5',
    });
    expect(parseNgtConfig(text)).toEqual({
      ok: true,
      config: {
        clusterIp: '10.0.0.50',
        port: 2074,
        ngtUuid: '5d0e9a3c-0d25-4b7b-8a4f-1f0c9e6a1b2c',
        ngtVersion: '2.1.5',
        extra: {},
      },
    });
  });

  it('an NGT 3.x/4.x file keeps unknown fields in extra', () => {
    const text = `{
  "cluster_ip": "10.0.0.50",
  "port": "2074",
  "ngt_uuid": "5d0e9a3c-0d25-4b7b-8a4f-1f0c9e6a1b2c",
  "ngt_version": "4.0",
  "communication_type": "ipless",
  "hypervisor_type": "kKvm",
  "ngt_heartbeat_max_retry_fallback_to_ip": 10,
  "ngt_heartbeat_max_retry_ipless": 5,
  "last_configuration_uuid": "0b6b6a5e-93ec-4c1c-9b5b-1b2c3d4e5f60"
}`;
    const result = parseNgtConfig(text);
    expect(result).toEqual({
      ok: true,
      config: {
        clusterIp: '10.0.0.50',
        port: 2074,
        ngtUuid: '5d0e9a3c-0d25-4b7b-8a4f-1f0c9e6a1b2c',
        ngtVersion: '4.0',
        communicationType: 'ipless',
        extra: {
          hypervisor_type: 'kKvm',
          ngt_heartbeat_max_retry_fallback_to_ip: 10,
          ngt_heartbeat_max_retry_ipless: 5,
          last_configuration_uuid: '0b6b6a5e-93ec-4c1c-9b5b-1b2c3d4e5f60',
        },
      },
    });
  });

  it('known fields with unexpected types go to extra instead of being trusted', () => {
    const result = parseNgtConfig('\uFEFF{"cluster_ip": ["x"], "port": 99999, "ngt_version": 4, "ngt_uuid": null}');
    expect(result).toEqual({
      ok: true,
      config: {
        ngtVersion: '4',
        extra: { cluster_ip: ['x'], port: 99999, ngt_uuid: null },
      },
    });
  });

  it('an empty object is fine; a field named like an Object method is just a field', () => {
    expect(parseNgtConfig('{}')).toEqual({ ok: true, config: { extra: {} } });
    expect(parseNgtConfig('{"toString": 1, "__proto__": 2}')).toEqual({
      ok: true,
      config: { extra: { toString: 1, ['__proto__']: 2 } },
    });
  });

  it.each([
    ['', /not valid JSON/],
    ['{"cluster_ip": ', /not valid JSON/],
    ['[1,2]', /not a JSON object/],
    ['null', /not a JSON object/],
    ['"text"', /not a JSON object/],
  ])('%j is refused', (text, error) => {
    const result = parseNgtConfig(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('compareNgtVersions', () => {
  it.each([
    ['2.1.5', '2.1.5', 0],
    ['4.0', '4', 0],
    ['4.0', '4.0.0.0', 0],
    ['2.1.5', '4.0', -1],
    ['4.0', '3.1.2.1', 1],
    ['3.1.2.1', '3.1.2', 1],
    ['3.1.2', '3.1.10', -1],
    ['2.10', '2.9', 1],
    ['1.9.9', '2', -1],
    ['v4.1', '4.1', 0],
    ['2.1.5-rc1', '2.1.5', -1],
    ['2.1.5-rc1', '2.1.5-rc2', -1],
    [' 4.1 ', '4.1', 0],
  ] as const)('%s vs %s → %i', (a, b, expected) => {
    expect(compareNgtVersions(a, b)).toBe(expected);
    expect(compareNgtVersions(b, a)).toBe(expected === 0 ? 0 : -expected);
  });

  it('sorts a list', () => {
    expect(['4.0', '2.1.5', '3.1.2.1', '1.2', '3.1.2', '4.1.0.1'].sort(compareNgtVersions)).toEqual([
      '1.2',
      '2.1.5',
      '3.1.2',
      '3.1.2.1',
      '4.0',
      '4.1.0.1',
    ]);
  });
});
