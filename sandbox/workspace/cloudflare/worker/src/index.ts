// Sandbox VVTV control Worker: serves the player page, the latest status and the nightly
// reports, and accepts signed ingest from the orchestrator into D1 (contract section 6).

/** The subset of the D1 binding this Worker uses (wrangler bundles without type-checking). */
interface D1Statement {
  bind(...values: unknown[]): D1Statement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  run(): Promise<unknown>;
}

/** The subset of the D1 database API this Worker uses. */
interface D1Database {
  prepare(sql: string): D1Statement;
}

/** Bindings, vars and secrets from wrangler.toml and .dev.vars. */
export interface Env {
  DB: D1Database;
  CONTROL_TOKEN?: string;
  CONTROL_SECRET?: string;
  PUBLIC_STREAM_URL?: string;
  PUBLIC_LOGO_URL?: string;
}

const FRESHNESS_WINDOW_SECONDS = 300;
const PLAYER_CACHE_SECONDS = 120;
const DEFAULT_STATUS = { state: "RUNNING", buffer_minutes: 60, source: "default" };

/** A request that must end with a JSON error response. */
class HttpError extends Error {
  constructor(public readonly status: number, message: string) {
    super(message);
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    try {
      return await route(request, env);
    } catch (error) {
      if (error instanceof HttpError) return jsonError(error.status, error.message);
      // Upstream lets these escape as a non-JSON platform 500; a JSON body keeps clients simple.
      console.error("unhandled error", error instanceof Error ? error.message : String(error));
      return jsonError(500, "internal error");
    }
  },
};

async function route(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  const receivedPath = url.pathname;
  const path = routingPath(receivedPath);
  const method = request.method;

  if (method === "GET" && path === "/") return playerPage(env);
  if (method === "GET" && path === "/v1/status") return readStatus(env);
  if (method === "GET" && path === "/v1/reports/daily") {
    return readReport(env, "daily_reports", "date", url.searchParams.get("date"), "missing date", "daily report not found");
  }
  if (method === "GET" && path === "/v1/reports/weekly") {
    return readReport(env, "weekly_reports", "week", url.searchParams.get("week"), "missing week", "weekly report not found");
  }
  if (method === "POST" && path.startsWith("/v1/ingest/")) {
    const body = await request.text();
    // The signed path is the one received, before the /vvtv prefix is stripped (contract 6.4).
    await authorizeIngest(request, env, receivedPath, body);
    switch (path) {
      case "/v1/ingest/status":
        return ingestStatus(env, body);
      case "/v1/ingest/daily":
        return ingestReport(env, body, "daily_reports", "date", "daily report missing date", "daily");
      case "/v1/ingest/weekly":
        return ingestReport(env, body, "weekly_reports", "week", "weekly report missing week", "weekly");
      default:
        throw new HttpError(404, "unsupported ingest endpoint");
    }
  }
  throw new HttpError(404, "not found");
}

/** `/vvtv` routes as `/`, and a leading `/vvtv/` is stripped, so the Worker can sit under a path prefix. */
function routingPath(pathname: string): string {
  if (pathname === "/vvtv") return "/";
  if (pathname.startsWith("/vvtv/")) return pathname.slice("/vvtv".length);
  return pathname;
}

async function readStatus(env: Env): Promise<Response> {
  const row = await env.DB.prepare("SELECT payload_json FROM status_snapshots WHERE id = 1").first<{ payload_json: string }>();
  if (!row) return json(200, DEFAULT_STATUS);
  return json(200, parseStored(row.payload_json, "status"));
}

async function readReport(
  env: Env,
  table: string,
  keyColumn: string,
  key: string | null,
  missingMessage: string,
  notFoundMessage: string,
): Promise<Response> {
  if (!key) throw new HttpError(400, missingMessage);
  const row = await env.DB.prepare(`SELECT payload_json FROM ${table} WHERE ${keyColumn} = ?1`)
    .bind(key)
    .first<{ payload_json: string }>();
  if (!row) throw new HttpError(404, notFoundMessage);
  return json(200, parseStored(row.payload_json, table));
}

async function ingestStatus(env: Env, body: string): Promise<Response> {
  // Validated here so that a bad push is refused instead of breaking every later read (D-W3).
  parseBody(body);
  await env.DB.prepare(
    `INSERT INTO status_snapshots (id, payload_json, updated_at) VALUES (1, ?1, datetime('now'))
     ON CONFLICT(id) DO UPDATE SET payload_json = excluded.payload_json, updated_at = excluded.updated_at`,
  )
    .bind(body)
    .run();
  return json(200, { ok: true, kind: "status" });
}

async function ingestReport(
  env: Env,
  body: string,
  table: string,
  keyColumn: string,
  missingKeyMessage: string,
  kind: string,
): Promise<Response> {
  const payload = parseBody(body);
  const key = isRecord(payload) ? payload[keyColumn] : undefined;
  if (typeof key !== "string" || key.length === 0) throw new HttpError(400, missingKeyMessage);
  await env.DB.prepare(
    `INSERT INTO ${table} (${keyColumn}, payload_json, updated_at) VALUES (?1, ?2, datetime('now'))
     ON CONFLICT(${keyColumn}) DO UPDATE SET payload_json = excluded.payload_json, updated_at = excluded.updated_at`,
  )
    .bind(key, body)
    .run();
  return json(200, { ok: true, kind });
}

/**
 * Checks token, headers, timestamp and HMAC in the contract's order; each failure is a JSON 401.
 * An unset CONTROL_TOKEN or CONTROL_SECRET refuses every ingest (upstream accepted `Bearer undefined`, D-W2).
 */
async function authorizeIngest(request: Request, env: Env, signedPath: string, body: string): Promise<void> {
  const token = env.CONTROL_TOKEN;
  const authorization = request.headers.get("authorization") ?? "";
  if (!token || !constantTimeEquals(authorization, `Bearer ${token}`)) throw new HttpError(401, "invalid token");

  const ts = request.headers.get("x-vvtv-ts") ?? "";
  const signature = request.headers.get("x-vvtv-signature") ?? "";
  if (ts === "" || signature === "") throw new HttpError(401, "missing signature headers");

  // JavaScript Number() on purpose: the contract accepts whatever it parses (decimals, exponents, hex).
  const seconds = Number(ts);
  if (!Number.isFinite(seconds)) throw new HttpError(401, "invalid timestamp");
  if (Math.abs(Date.now() / 1000 - seconds) > FRESHNESS_WINDOW_SECONDS) throw new HttpError(401, "stale timestamp");

  const secret = env.CONTROL_SECRET;
  if (!secret) throw new HttpError(401, "invalid signature");
  const expected = await hmacSha256Hex(secret, `${request.method}\n${signedPath}\n${ts}\n${body}`);
  if (!constantTimeEquals(signature, expected)) throw new HttpError(401, "invalid signature");
}

async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares without an early exit so response timing does not reveal how much of a secret matched. */
function constantTimeEquals(actual: string, expected: string): boolean {
  const a = new TextEncoder().encode(actual);
  const b = new TextEncoder().encode(expected);
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i] ?? 0) ^ b[i];
  return difference === 0;
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new HttpError(400, "request body is not valid JSON");
  }
}

function parseStored(payloadJson: string, what: string): unknown {
  try {
    return JSON.parse(payloadJson);
  } catch {
    throw new HttpError(500, `stored ${what} payload is not valid JSON`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json" },
  });
}

function jsonError(status: number, message: string): Response {
  return json(status, { error: message });
}

function playerPage(env: Env): Response {
  const stream = escapeHtml(env.PUBLIC_STREAM_URL ?? "");
  const logo = escapeHtml(env.PUBLIC_LOGO_URL ?? "");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>VVTV sandbox</title>
<style>body{margin:0;background:#111;color:#eee;font-family:sans-serif;text-align:center}video{width:100%;max-width:960px}</style>
</head>
<body>
<header><img src="${logo}" alt="VVTV" height="48"></header>
<video id="player" src="${stream}" controls autoplay muted playsinline></video>
<p>Sandbox stream: <a href="${stream}">${stream}</a></p>
</body>
</html>
`;
  return new Response(html, {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": `public, max-age=${PLAYER_CACHE_SECONDS}`,
    },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
