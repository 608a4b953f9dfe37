-- Control-plane state pushed by the VVTV orchestrator. Every table is created only if
-- missing, so re-applying this file (e.g. through `d1 execute --file`) is harmless.

CREATE TABLE IF NOT EXISTS status_snapshots (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  payload_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS daily_reports (
  date TEXT PRIMARY KEY,
  payload_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS weekly_reports (
  week TEXT PRIMARY KEY,
  payload_json TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
