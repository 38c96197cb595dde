// Starts the built app (build/server, made by scripts/test.mjs) in a child process, the way
// it runs in production (`npm start`: scripts/serve.mjs), against a given database and sandbox.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { ROOT } from "./db";

export const TEST_API_KEY = "twofold-test-key";
export const TEST_API_SECRET = "twofold-test-secret";

export interface AppServer {
  url: string;
  port: number;
  output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export async function startAppServer(options: {
  databaseUrl: string;
  sandboxUrl?: string;
  port?: number;
  env?: Record<string, string>;
  /** How long the server may take to answer /healthz (30 s; several processes load the build each). */
  readyWithinMs?: number;
}): Promise<AppServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  // APP_SERVER_NODE_ARGS: node flags for the app server alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" under a bench.
  const nodeArgs = (process.env.APP_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "scripts", "serve.mjs")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
      SHOPIFY_API_KEY: TEST_API_KEY,
      SHOPIFY_API_SECRET: TEST_API_SECRET,
      SHOPIFY_APP_URL: url,
      ...(options.sandboxUrl ? { SHOPIFY_SANDBOX_URL: options.sandboxUrl, APP_BRIDGE_URL: `${options.sandboxUrl}/__sandbox/app-bridge.js` } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (log += chunk));
  child.stderr?.on("data", (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const readyWithinMs = options.readyWithinMs ?? 30_000;
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app server exited early:\n${log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`app server did not answer /healthz within ${readyWithinMs / 1000} s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    port,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
