import { describe, expect, it } from 'vitest';

import { selectHosts, splitPattern } from '../../../main/fleet/hostPattern';

const inventory = {
  hosts: ['web01', 'web02', 'web03', 'db01', 'db02', 'bastion'],
  groups: {
    all: ['web01', 'web02', 'web03', 'db01', 'db02', 'bastion'],
    web: ['web01', 'web02', 'web03'],
    db: ['db01', 'db02'],
    prod: ['web01', 'db01'],
    rocky: ['web02', 'db01', 'db02'],
  },
};
const pick = (p: string) => selectHosts(p, inventory);

describe('--limit host patterns (Ansible semantics)', () => {
  it('a host name, a glob, a group, all', () => {
    expect(pick('db02')).toEqual({ ok: true, hosts: ['db02'] });
    expect(pick('web*')).toEqual({ ok: true, hosts: ['web01', 'web02', 'web03'] });
    expect(pick('db')).toEqual({ ok: true, hosts: ['db01', 'db02'] });
    expect(pick('all')).toEqual({ ok: true, hosts: inventory.hosts });
    expect(pick('WEB0?')).toEqual({ ok: true, hosts: ['web01', 'web02', 'web03'] });
  });

  it('a:b is a union, in inventory order', () => {
    expect(pick('db:web01')).toEqual({ ok: true, hosts: ['web01', 'db01', 'db02'] });
    expect(pick('bastion,db01')).toEqual({ ok: true, hosts: ['db01', 'bastion'] });
  });

  it('a:&b intersects, a:!b excludes, whatever the order they are written in', () => {
    expect(pick('web:&rocky')).toEqual({ ok: true, hosts: ['web02'] });
    expect(pick('all:!db')).toEqual({ ok: true, hosts: ['web01', 'web02', 'web03', 'bastion'] });
    expect(pick('!prod:web:db:&rocky')).toEqual({ ok: true, hosts: ['web02', 'db02'] });
  });

  it('an exclusion alone starts from every host', () => {
    expect(pick('!web*')).toEqual({ ok: true, hosts: ['db01', 'db02', 'bastion'] });
  });

  it('an element that names nothing is refused with that element', () => {
    expect(pick('web:nosuch')).toEqual({ ok: false, reason: 'noMatch', element: 'nosuch' });
    expect(pick(' : ')).toEqual({ ok: false, reason: 'empty', element: ' : ' });
  });

  it('IPv6 addresses in brackets are not split on their colons', () => {
    expect(splitPattern('[fd00::1]:web')).toEqual(['[fd00::1]', 'web']);
  });
});
