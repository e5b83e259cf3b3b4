#!/usr/bin/env python3
"""The peer a data-savvy user would reach for: DuckDB computing, with hand-written
SQL, per-account metrics comparable to a large part of rapport's built-in rule set
(joins activities to accounts the same way, windows on the as-of date, keyword
matches, medians) over the same Salesforce-style CSV files.

    python3 benches/duckdb_metrics.py DIR [--threads 2] [--as-of 2026-06-30]

Prints the wall time and the number of accounts. Needs the `duckdb` package
(pip install duckdb); says so and exits 0 without it.
"""
import argparse
import sys
import time

try:
    import duckdb
except ImportError:
    print("skipped: the duckdb Python package is not installed (pip install duckdb)")
    sys.exit(0)

p = argparse.ArgumentParser()
p.add_argument("dir")
p.add_argument("--threads", type=int, default=2)
p.add_argument("--as-of", default="2026-06-30")
args = p.parse_args()

con = duckdb.connect()
con.execute(f"SET threads = {args.threads}")
d = args.dir.rstrip("/")
as_of = args.as_of


def csv(name):
    return f"read_csv('{d}/{name}', header = true, all_varchar = true, quote = '\"', escape = '\"')"


sql = f"""
WITH accounts AS (
  SELECT Id AS account_id, Name AS name FROM {csv('Account.csv')} WHERE coalesce(IsDeleted, '') <> '1'
),
contacts AS (
  SELECT Id AS contact_id, AccountId AS account_id, Title AS title FROM {csv('Contact.csv')}
),
raw_activities AS (
  SELECT WhoId, WhatId, AccountId, Subject, Description, CallType AS direction,
         try_cast(ActivityDate AS DATE) AS day, IsClosed AS closed FROM {csv('Task.csv')}
  UNION ALL
  SELECT WhoId, WhatId, AccountId, Subject, Description, NULL,
         try_cast(substr(ActivityDateTime, 1, 10) AS DATE), NULL FROM {csv('Event.csv')}
),
activities AS (
  SELECT coalesce(a1.account_id, a2.account_id, c.account_id) AS account_id,
         r.WhoId AS contact_id, r.Subject AS subject, r.Description AS description,
         r.direction, r.day, r.closed, coalesce(r.closed, 'true') <> 'false' AS done,
         c.title
  FROM raw_activities r
  LEFT JOIN accounts a1 ON a1.account_id = r.WhatId
  LEFT JOIN accounts a2 ON a2.account_id = r.AccountId
  LEFT JOIN contacts c ON c.contact_id = r.WhoId
),
act AS (
  SELECT account_id,
    max(day) FILTER (WHERE done AND day <= DATE '{as_of}') AS last_contact,
    count(*) FILTER (WHERE done AND day > DATE '{as_of}' - 365 AND day <= DATE '{as_of}'
                     AND regexp_matches(subject, '(?i)\\b(qbr|quarterly business review|business review)\\b')) AS reviews,
    count(*) FILTER (WHERE done AND day > DATE '{as_of}' - 90 AND day <= DATE '{as_of}'
                     AND coalesce(direction, '') NOT ILIKE 'inbound') AS outbound,
    count(DISTINCT contact_id) FILTER (WHERE done AND day > DATE '{as_of}' - 180 AND day <= DATE '{as_of}') AS people,
    count(*) FILTER (WHERE done AND day > DATE '{as_of}' - 365 AND day <= DATE '{as_of}'
                     AND regexp_matches(subject, '(?i)\\b(golf|dinner|lunch)\\b')) AS social,
    avg(CASE WHEN description IS NOT NULL AND description <> '' THEN 1 ELSE 0 END)
      FILTER (WHERE done AND day > DATE '{as_of}' - 365 AND day <= DATE '{as_of}'
              AND regexp_matches(subject, '(?i)\\b(meeting|review|demo|visit|workshop)\\b')) AS noted,
    count(*) FILTER (WHERE closed = 'false' AND day <= DATE '{as_of}' AND day > DATE '{as_of}' - 365) AS overdue
  FROM activities WHERE account_id IS NOT NULL GROUP BY account_id
),
tickets AS (
  SELECT AccountId AS account_id, Subject AS subject,
         try_cast(substr(CreatedDate, 1, 19) AS TIMESTAMP) AS created,
         try_cast(substr(ClosedDate, 1, 19) AS TIMESTAMP) AS closed,
         try_cast(substr(First_Response__c, 1, 19) AS TIMESTAMP) AS answered
  FROM {csv('Case.csv')}
),
tk AS (
  SELECT account_id,
    quantile_cont(date_diff('minute', created, coalesce(answered, DATE '{as_of}' + 1)) / 60.0, 0.5) AS median_response_hours,
    avg(CASE WHEN date_diff('minute', created, coalesce(closed, DATE '{as_of}' + 1)) <= 24 * 60 THEN 1 ELSE 0 END)
      FILTER (WHERE regexp_matches(subject, '(?i)\\b(complain\\w*|rude\\w*|late delivery)')) AS complaints_in_time,
    max(date_diff('day', created, DATE '{as_of}' + 1)) FILTER (WHERE closed IS NULL) AS oldest_open_days
  FROM tickets GROUP BY account_id
),
dl AS (
  SELECT AccountId AS account_id,
    count(*) FILTER (WHERE IsWon = 'false' AND IsClosed = 'true'
                     AND regexp_matches(coalesce(Loss_Reason__c, ''), '(?i)\\b(price\\w*|expensive|cheaper)')
                     AND try_cast(CloseDate AS DATE) > DATE '{as_of}' - 365) AS price_losses,
    count(*) FILTER (WHERE IsClosed = 'false') AS open_deals
  FROM {csv('Opportunity.csv')} GROUP BY AccountId
),
od AS (
  SELECT AccountId AS account_id,
    avg(CASE WHEN coalesce(try_cast(Delivered_Date__c AS DATE), DATE '{as_of}' + 1) <= try_cast(Promised_Date__c AS DATE) THEN 1 ELSE 0 END) AS on_time
  FROM {csv('Order.csv')} GROUP BY AccountId
)
SELECT a.account_id, a.name, act.*, tk.*, dl.*, od.*
FROM accounts a
LEFT JOIN act USING (account_id) LEFT JOIN tk USING (account_id)
LEFT JOIN dl USING (account_id) LEFT JOIN od USING (account_id)
"""

start = time.time()
rows = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
secs = time.time() - start
print(f"duckdb {duckdb.__version__}, {args.threads} threads: {rows} accounts in {secs:.2f} s")
