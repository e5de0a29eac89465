/**
 * The field schemas every job's parameters are built from: a target host, a
 * TCP port, a secret. One definition each, so the Linux install, the WinRM
 * probe and the stored recent hosts refuse the same things. Pure: the
 * renderer bundles this file.
 */
import { z } from 'zod';

export const hostField = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9._:[\]-]+$/, 'host must be a DNS name or an IP address');

export const portField = z.number().int().min(1).max(65535);

export const secretField = z.string().max(4096);
