import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

const script = `
const base = location.pathname.replace(/\\/docs$/, '');
const out = document.getElementById('ops');
fetch(base + '/openapi.json').then((r) => r.json()).then((doc) => {
  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const box = document.createElement('details');
      const head = document.createElement('summary');
      head.textContent = method.toUpperCase() + ' ' + path + '  ' + op.operationId + ' (' + op['x-access'] + ')';
      box.append(head);
      const about = document.createElement('p');
      about.textContent = op.summary;
      const url = document.createElement('input');
      url.value = base + path;
      url.size = 60;
      const body = document.createElement('textarea');
      body.rows = 4; body.cols = 60;
      body.placeholder = op.requestBody ? JSON.stringify(op.requestBody.content['application/json'].schema) : '(no body)';
      const go = document.createElement('button');
      go.textContent = 'Try it';
      const result = document.createElement('pre');
      go.addEventListener('click', async () => {
        const headers = { 'content-type': 'application/json' };
        const token = document.getElementById('token').value;
        if (token) headers.authorization = 'Bearer ' + token;
        if (method !== 'get') headers['idempotency-key'] = crypto.randomUUID();
        const response = await fetch(url.value, { method: method.toUpperCase(), headers, body: method === 'get' || !body.value ? undefined : body.value });
        result.textContent = response.status + '\\n' + await response.text();
      });
      box.append(about, url, body, go, result);
      out.append(box);
    }
  }
});`;

const style = 'body{font:14px system-ui;margin:2em}summary{font-family:monospace;cursor:pointer}pre{background:#f4f4f4;padding:.5em;white-space:pre-wrap}';

/**
 * A small self-contained page over `/openapi.json`: every operation, and a form to try it. Its script and style
 * are inline with a fresh nonce, so the page works under a strict content security policy with no CDN.
 */
export const docsPage = (): RequestHandler => (_req, res) => {
  const nonce = randomBytes(16).toString('base64');
  res.setHeader('Content-Security-Policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`);
  res.type('html').send(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ShopStream API</title><style nonce="${nonce}">${style}</style></head>` +
      `<body><h1 id="title">ShopStream API</h1><p>Bearer token: <input id="token" size="50"></p><div id="ops"></div><script nonce="${nonce}">${script}</script></body></html>`,
  );
};
