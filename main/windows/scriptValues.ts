/**
 * The value shapes every script output shares (main/windows/scriptOutputs.ts
 * and the apply record, main/windows/applyRecord.ts). Pure.
 */
import { z } from 'zod';

export const nullableString = z.string().nullable();
/** Text a script may leave out or write as null (an older script, or Windows not saying). */
export const optionalText = nullableString.optional();
/** A WSMan element's text: Windows prints an empty one (a listener's Hostname, an HTTP listener's CertificateThumbprint) as "", read as null. */
export const wsmanText = nullableString.transform((value) => (value === '' ? null : value));
