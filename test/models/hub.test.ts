import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadModel } from '../../src/models/index.js';
import { SENTIMENT } from './helpers.js';

/** A stand-in for the hub's `/<id>/resolve/main/<file>` URLs, serving the fixture model and counting requests. */
function fakeHub() {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url!);
    const match = /^\/acme\/tiny-sentiment\/resolve\/main\/(.+)$/.exec(req.url!);
    const file = match && path.join(SENTIMENT, match[1]);
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200).end(fs.readFileSync(file));
  });
  return { server, requests };
}

describe('model core: hub ids when remote loading is allowed', () => {
  const saved = { endpoint: process.env.HF_ENDPOINT, cache: process.env.SESAME_HUB_CACHE };
  const { server, requests } = fakeHub();
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.HF_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.SESAME_HUB_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-hub-'));
  });
  after(() => {
    server.close();
    for (const [key, value] of [['HF_ENDPOINT', saved.endpoint], ['SESAME_HUB_CACHE', saved.cache]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('downloads the files once into the hub cache and loads them like a local directory', async () => {
    const model = await loadModel('acme/tiny-sentiment', { allowRemote: true, cacheDir: false });
    assert.equal(model.info.id, 'acme/tiny-sentiment');
    assert.equal(model.info.path, path.join(process.env.SESAME_HUB_CACHE!, 'acme', 'tiny-sentiment'));
    const [prediction] = await model.predict(['A wonderful, moving film.']);
    assert.equal(prediction.label, 'POSITIVE');
    await model.dispose();
    const downloaded = requests.length;
    assert.ok(downloaded >= 3);
    const again = await loadModel('acme/tiny-sentiment', { allowRemote: true, cacheDir: false });
    assert.equal(requests.length, downloaded, 'the second load reads the hub cache only');
    await again.dispose();
  });

  it('names the file and the status when the hub does not have the model', async () => {
    await assert.rejects(loadModel('acme/missing-model', { allowRemote: true, cacheDir: false }), /cannot download config\.json of "acme\/missing-model" from .* \(HTTP 404\); check the model id or pass a local model directory/);
  });
});
