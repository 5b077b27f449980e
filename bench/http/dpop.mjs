// DPoP (RFC 9449) for the HTTP benchmark's dpop_* scenarios (bench/http/run.sh): wrk cannot sign,
// so the proofs are made here before each run, one a line, and bench/http/mcp.lua sends each once.
//
//   node dpop.mjs token  <key file> <issuer URL> <resource URL>   prints a DPoP-bound access token
//   node dpop.mjs proofs <key file> <token> <htu> <count> <out>    writes <count> proofs to <out>
//
// The key file (a private JWK) is made by the first command that finds none, so that the token
// (cnf.jkt = the key's RFC 7638 thumbprint) and every proof use the same key. Env: BENCH_DPOP_ALG
// (ES256 or Ed25519; default ES256, the algorithm most DPoP clients use), ISSUER_CLIENT_ID
// (mcp-test-client), ISSUER_CLIENT_SECRET (mcp-test-secret).
//
// Each proof: header {typ: dpop+jwt, alg, jwk}, claims {jti, htm: POST, htu, iat: now, ath:
// base64url(SHA-256(token))}; the jti is a random prefix per file and a counter, unique across
// files. Node's crypto only: nothing to install.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';

const b64u = (data) => Buffer.from(data).toString('base64url');

function fail(message) {
  console.error(`dpop.mjs: ${message}`);
  process.exit(1);
}

// The key of <file>, made when there is none.
function loadKey(file) {
  if (!existsSync(file)) {
    const alg = process.env.BENCH_DPOP_ALG || 'ES256';
    let privateKey;
    if (alg === 'ES256') ({ privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' }));
    else if (alg === 'Ed25519') ({ privateKey } = generateKeyPairSync('ed25519'));
    else fail(`BENCH_DPOP_ALG '${alg}' is not ES256 or Ed25519`);
    writeFileSync(file, JSON.stringify({ alg, jwk: privateKey.export({ format: 'jwk' }) }), { mode: 0o600 });
  }
  const { alg, jwk } = JSON.parse(readFileSync(file, 'utf8'));
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  const pub = createPublicKey(privateKey).export({ format: 'jwk' });
  // RFC 7638: the required members only, in lexicographic order, no whitespace.
  const publicJwk = pub.kty === 'EC' ? { crv: pub.crv, kty: pub.kty, x: pub.x, y: pub.y } : { crv: pub.crv, kty: pub.kty, x: pub.x };
  const thumbprint = b64u(createHash('sha256').update(JSON.stringify(publicJwk)).digest());
  const header = b64u(JSON.stringify({ typ: 'dpop+jwt', alg, jwk: publicJwk }));
  const signer =
    alg === 'ES256'
      ? (input) => sign('sha256', input, { key: privateKey, dsaEncoding: 'ieee-p1363' })
      : (input) => sign(null, input, privateKey);
  return { thumbprint, header, signer };
}

function proof(key, claims) {
  const input = `${key.header}.${b64u(JSON.stringify(claims))}`;
  return `${input}.${b64u(key.signer(Buffer.from(input)))}`;
}

async function token(keyFile, issuer, resource) {
  const key = loadKey(keyFile);
  const id = process.env.ISSUER_CLIENT_ID || 'mcp-test-client';
  const secret = process.env.ISSUER_CLIENT_SECRET || 'mcp-test-secret';
  const endpoint = `${issuer}/token`;
  const request = (nonce) =>
    fetch(endpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        dpop: proof(key, {
          jti: b64u(randomBytes(16)),
          htm: 'POST',
          htu: endpoint,
          iat: Math.floor(Date.now() / 1000),
          ...(nonce ? { nonce } : {}),
        }),
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'mcp:tools', resource }),
      signal: AbortSignal.timeout(10_000),
    });
  let response = await request();
  if (response.status === 400 && response.headers.get('dpop-nonce')) {
    response = await request(response.headers.get('dpop-nonce'));
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok || body.token_type !== 'DPoP' || typeof body.access_token !== 'string') {
    fail(`token request: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
  if (claims.cnf?.jkt !== key.thumbprint) fail(`cnf.jkt ${claims.cnf?.jkt} is not the key's ${key.thumbprint}`);
  console.log(body.access_token);
}

function proofs(keyFile, accessToken, htu, count, out) {
  const key = loadKey(keyFile);
  const ath = b64u(createHash('sha256').update(accessToken).digest());
  const prefix = b64u(randomBytes(12));
  const iat = Math.floor(Date.now() / 1000);
  const fd = openSync(out, 'w');
  let lines = [];
  for (let i = 0; i < count; i++) {
    lines.push(proof(key, { jti: `${prefix}${i}`, htm: 'POST', htu, iat, ath }));
    if (lines.length === 4096) {
      writeSync(fd, lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length) writeSync(fd, lines.join('\n') + '\n');
  closeSync(fd);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'token' && args.length === 3) await token(...args);
else if (command === 'proofs' && args.length === 5 && Number(args[3]) > 0) proofs(args[0], args[1], args[2], Number(args[3]), args[4]);
else fail('usage: node dpop.mjs token <key file> <issuer URL> <resource URL> | proofs <key file> <token> <htu> <count> <out>');
