// Forged variants of a real access token, for the soak test (bench/soak/run.sh): each must be
// refused with 401 invalid_token by the kit, whatever the load.
//
//   node bench/soak/forge.mjs <a valid JWT access token of the CI issuer>
//
// Prints one "<kind> <token>" line per variant:
//   tampered      the payload re-encoded with another subject, the original header and signature
//   none          alg "none" and no signature (RFC 7519 §6: an unsecured JWT)
//   unknown-kid   signed with a fresh RSA key under a kid the issuer's key set does not hold
//   wrong-key     signed with a fresh RSA key under the issuer's own kid
//   hs256         HMAC-signed with the issuer's kid, the classic RS256/HS256 confusion
// Node built-ins only.
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';

const token = process.argv[2];
if (!token || token.split('.').length !== 3) {
  console.error('usage: node forge.mjs <JWT>');
  process.exit(2);
}
const [headerPart, payloadPart, signaturePart] = token.split('.');
const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const encode = (object) => Buffer.from(JSON.stringify(object), 'utf8').toString('base64url');
const header = decode(headerPart);
const payload = decode(payloadPart);
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const rs256 = (head) => {
  const input = `${encode(head)}.${payloadPart}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
};

const forged = {
  tampered: `${headerPart}.${encode({ ...payload, sub: 'mallory' })}.${signaturePart}`,
  none: `${encode({ alg: 'none', typ: header.typ })}.${payloadPart}.`,
  'unknown-kid': rs256({ ...header, kid: 'soak-unknown-kid' }),
  'wrong-key': rs256(header),
  hs256: (() => {
    const input = `${encode({ ...header, alg: 'HS256' })}.${payloadPart}`;
    return `${input}.${createHmac('sha256', 'not-the-issuers-key').update(input).digest('base64url')}`;
  })(),
};
for (const [kind, value] of Object.entries(forged)) {
  console.log(`${kind} ${value}`);
}
