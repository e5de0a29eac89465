/**
 * The sha256 (hex) of an installer_factory.py as read off the ISO: the key
 * of a plan. The plan and its diff are made from these bytes, the fleet
 * groups hosts by it, the Ansible export refuses an original without it,
 * and staging refuses to go on when the ISO's file no longer has it.
 */
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}
