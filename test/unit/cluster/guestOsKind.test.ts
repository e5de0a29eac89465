/**
 * Which way NGT reaches a VM from Prism Central's `guestOsVersion`: the
 * distributions installer_factory.py names (DOMAIN.md, "Linux installer on the
 * ISO") go Prism Central's way, other Linux distributions NGT Prep's SSH way.
 */
import { describe, expect, it } from 'vitest';
import { guestOsKind } from '../../../main/cluster/prismCentral/guestOsKind';

describe('guestOsKind', () => {
  it.each([
    ['windows:64:Windows Server 2022', 'windows'],
    ['Microsoft Windows 10 Pro', 'windows'],
    ['linux:64:CentOS Linux-7.9.2009', 'linux-named'],
    ['linux:64:Red Hat Enterprise Linux-8.6', 'linux-named'],
    ['Oracle Linux Server 8.7', 'linux-named'],
    ['linux:64:Ubuntu-22.04', 'linux-named'],
    ['SUSE Linux Enterprise Server 15', 'linux-named'],
    ['linux:64:Rocky Linux-8.4', 'linux-unnamed'],
    ['AlmaLinux 9.2', 'linux-unnamed'],
    ['Debian GNU/Linux 12', 'linux-unnamed'],
    ['', 'unknown'],
    [null, 'unknown'],
    ['FreeBSD 14', 'unknown'],
  ])('%s → %s', (text, kind) => {
    expect(guestOsKind(text)).toBe(kind);
  });
});
