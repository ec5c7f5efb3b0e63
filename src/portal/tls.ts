import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCertificate {
  key: string;
  cert: string;
  /** The certificate PEM written to a temporary file, for clients that want a path. */
  caFile: string;
  /** Removes the temporary file. */
  dispose(): Promise<void>;
}

/** A certificate for 127.0.0.1 and localhost, made in-process (no openssl binary needed). */
export async function createSelfSignedCertificate(): Promise<SelfSignedCertificate> {
  const { generate } = await import('selfsigned');
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 7 * 24 * 3600_000);
  const pems = await generate([{ name: 'commonName', value: 'reference portal' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const directory = await mkdtemp(join(tmpdir(), 'b24-portal-'));
  const caFile = join(directory, 'ca.pem');
  await writeFile(caFile, pems.cert, { mode: 0o600 });
  return {
    key: pems.private,
    cert: pems.cert,
    caFile,
    dispose: () => rm(directory, { recursive: true, force: true }),
  };
}
