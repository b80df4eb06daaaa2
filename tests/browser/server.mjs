// Starts `cchc serve --demo` on a free port in a temporary data directory.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PASSWORD = 'mat-khau-demo-2025';

export async function startServer() {
  const bin = process.env.CCHC_BIN || path.resolve(here, '../../target/debug/cchc');
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-e2e-'));
  const child = spawn(bin, ['--data-dir', dir, 'serve', '--demo', '--listen', '127.0.0.1:0'], {
    env: { ...process.env, CCHC_DEMO_PASSWORD: PASSWORD, CCHC_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('cchc did not start in 60 s:\n' + out)), 60000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/cchc đang chạy tại (http:\/\/[^\s/]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`cchc exited with ${code}:\n${out}`)));
  });
  return {
    base,
    // Runs a `cchc` command on the demo's database (as an administrator would on the server).
    cli(...args) {
      return execFileSync(bin, ['--data-dir', path.join(dir, 'demo'), ...args], {
        env: { ...process.env, CCHC_LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      });
    },
    stop() { child.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); },
  };
}

export async function launchChromium(chromium) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A new browser context logged in as `login`, on the dashboard (`options`: e.g. a phone's
// viewport).
export async function login(browser, base, login, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(base + '/');
  return page;
}

// The entries of a ZIP file (a DOCX or an XLSX) by name, inflated: read from the central
// directory, as office software does.
export function unzip(buf) {
  const { inflateRawSync } = zlib;
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('not a ZIP file');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i += 1) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}
