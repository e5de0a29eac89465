/**
 * Reads the proof a probe job produced from its steps' data: the listener's
 * certificate (step 'tls') and the WS-Management Identify answer (step
 * 'identify'). Shapes as written by main/windows/probe/tlsLayer.ts and identifyLayer.ts; every
 * field is checked, since step data crosses the IPC boundary as plain JSON.
 */
import type { StepView } from '../../state/jobState';

export interface CertificateProof {
  subject?: string;
  issuer?: string;
  sans: string[];
  notBefore?: string;
  notAfter?: string;
  sha1Thumbprint?: string;
  selfSigned?: boolean;
  hostName?: string;
  hostNameMatches?: boolean;
}

export interface IdentifyProof {
  productVendor?: string;
  productVersion?: string;
  protocolVersion?: string;
}

export interface ProbeProof {
  certificate?: CertificateProof;
  identify?: IdentifyProof;
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const flag = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const record = (v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

export function readProbeProof(steps: StepView[]): ProbeProof {
  const proof: ProbeProof = {};
  const tls = steps.find((s) => s.id === 'tls')?.outcome?.data;
  const cert = record(tls?.certificate);
  if (tls && cert) {
    proof.certificate = {
      subject: text(cert.subject),
      issuer: text(cert.issuer),
      sans: Array.isArray(cert.sans) ? cert.sans.filter((s): s is string => typeof s === 'string') : [],
      notBefore: text(cert.notBefore),
      notAfter: text(cert.notAfter),
      sha1Thumbprint: text(cert.sha1Thumbprint),
      selfSigned: flag(tls.selfSigned) ?? flag(cert.selfSigned),
      hostName: text(tls.hostName),
      hostNameMatches: flag(tls.hostNameMatches),
    };
  }
  const identify = steps.find((s) => s.id === 'identify');
  if (identify?.status === 'ok' && identify.outcome?.data) {
    const d = identify.outcome.data;
    proof.identify = {
      productVendor: text(d.productVendor),
      productVersion: text(d.productVersion),
      protocolVersion: text(d.protocolVersion),
    };
  }
  return proof;
}
