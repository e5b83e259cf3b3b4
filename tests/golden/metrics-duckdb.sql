-- rapport metrics query for DuckDB: rule set built-in:default, as of 2026-06-30.
-- One row per account; `rapport score --metrics FILE` scores the result.
WITH
src_accounts AS (
  SELECT
    CAST(0 AS BIGINT) AS o1,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS o2,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_id,
    NULLIF(regexp_replace(CAST("name" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_name,
    NULLIF(regexp_replace(CAST("type" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_type,
    NULLIF(regexp_replace(CAST("owner" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_owner,
    FLOOR(epoch("created")) AS s_created,
    "is_deleted" AS b_is_deleted,
    TRUE AS m_is_deleted
  FROM "accounts"
),
ok_accounts AS (
  SELECT
    src.*,
    CAST(FLOOR(s_created / 86400) AS BIGINT) AS d_created,
    COALESCE(b_is_deleted, CASE WHEN m_is_deleted THEN FALSE END) AS v_is_deleted
  FROM src_accounts src
  WHERE NOT COALESCE(src.b_is_deleted, FALSE)
),
src_contacts AS (
  SELECT
    CAST(0 AS BIGINT) AS o1,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS o2,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_id,
    NULLIF(regexp_replace(CAST("account_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_account_id,
    NULLIF(regexp_replace(CAST("name" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_name,
    NULLIF(regexp_replace(CAST("first_name" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_first_name,
    NULLIF(regexp_replace(CAST("last_name" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_last_name,
    NULLIF(regexp_replace(CAST("title" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_title,
    NULLIF(regexp_replace(CAST("role" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_role,
    FLOOR(epoch("created")) AS s_created,
    "is_deleted" AS b_is_deleted,
    TRUE AS m_is_deleted
  FROM "contacts"
),
ok_contacts AS (
  SELECT
    src.*,
    CAST(FLOOR(s_created / 86400) AS BIGINT) AS d_created,
    COALESCE(b_is_deleted, CASE WHEN m_is_deleted THEN FALSE END) AS v_is_deleted
  FROM src_contacts src
  WHERE NOT COALESCE(src.b_is_deleted, FALSE)
),
src_contact_roles AS (
  SELECT
    CAST(0 AS BIGINT) AS o1,
    NULLIF(regexp_replace(CAST("contact_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS o2,
    NULLIF(regexp_replace(CAST("account_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_account_id,
    NULLIF(regexp_replace(CAST("contact_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_contact_id,
    NULLIF(regexp_replace(CAST("role" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_role,
    "is_deleted" AS b_is_deleted,
    TRUE AS m_is_deleted
  FROM "contact_roles"
),
ok_contact_roles AS (
  SELECT
    src.*,
    COALESCE(b_is_deleted, CASE WHEN m_is_deleted THEN FALSE END) AS v_is_deleted
  FROM src_contact_roles src
  WHERE NOT COALESCE(src.b_is_deleted, FALSE)
),
src_orders AS (
  SELECT
    CAST(0 AS BIGINT) AS o1,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS o2,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_id,
    NULLIF(regexp_replace(CAST("account_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_account_id,
    FLOOR(epoch("promised")) AS s_promised,
    FLOOR(epoch("delivered")) AS s_delivered,
    "is_deleted" AS b_is_deleted,
    TRUE AS m_is_deleted
  FROM "orders"
),
ok_orders AS (
  SELECT
    src.*,
    CAST(FLOOR(s_promised / 86400) AS BIGINT) AS d_promised,
    CAST(FLOOR(s_delivered / 86400) AS BIGINT) AS d_delivered,
    COALESCE(b_is_deleted, CASE WHEN m_is_deleted THEN FALSE END) AS v_is_deleted
  FROM src_orders src
  WHERE NOT COALESCE(src.b_is_deleted, FALSE)
),
src_deals AS (
  SELECT
    CAST(0 AS BIGINT) AS o1,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS o2,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_id,
    NULLIF(regexp_replace(CAST("account_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_account_id,
    NULLIF(regexp_replace(CAST("contact_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_contact_id,
    NULLIF(regexp_replace(CAST("stage" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_stage,
    NULLIF(regexp_replace(CAST("amount" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_amount,
    FLOOR(epoch("close_date")) AS s_close_date,
    FLOOR(epoch("created")) AS s_created,
    "is_closed" AS b_is_closed,
    TRUE AS m_is_closed,
    "is_won" AS b_is_won,
    TRUE AS m_is_won,
    NULLIF(regexp_replace(CAST("loss_reason" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_loss_reason,
    NULLIF(regexp_replace(CAST("competitor" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_competitor,
    "is_deleted" AS b_is_deleted,
    TRUE AS m_is_deleted
  FROM "deals"
),
ok_deals AS (
  SELECT
    src.*,
    CAST(FLOOR(s_close_date / 86400) AS BIGINT) AS d_close_date,
    CAST(FLOOR(s_created / 86400) AS BIGINT) AS d_created,
    COALESCE(b_is_closed, CASE WHEN f_stage IS NOT NULL THEN regexp_matches(f_stage, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ww][Oo][Nn]|[Ll][Oo][Ss][Tt]|[Oo][Uu][Tt]-[Ss][Oo][Ll][Dd]|[Oo][Uu][Tt][Ss][Oo][Ll][Dd]|[Cc][Aa][Nn][Cc][Ee][Ll][Ee][Dd]|[Cc][Aa][Nn][Cc][Ee][Ll][Ll][Ee][Dd]|[Gg][Aa][Nn][Aa][Dd][Aa]|[Gg][Aa][Nn][Aa][Dd][Oo]|[Pp][Ee][Rr][Dd][Ii][Dd][Aa]|[Pp][Ee][Rr][Dd][Ii][Dd][Oo]|[Cc][Aa][Nn][Cc][Ee][Ll][Aa][Dd][Aa]|[Cc][Aa][Nn][Cc][Ee][Ll][Aa][Dd][Oo]|[Gg][Aa][Nn][Hh][Oo]|[Gg][Aa][Nn][Hh][Aa]|[Gg][Aa][Gg][Nn]é|[Gg][Aa][Gg][Nn]é[Ee]|[Pp][Ee][Rr][Dd][Uu]|[Pp][Ee][Rr][Dd][Uu][Ee]|[Aa][Nn][Nn][Uu][Ll]é|[Aa][Nn][Nn][Uu][Ll]é[Ee]|[Gg][Ee][Ww][Oo][Nn][Nn][Ee][Nn]|[Vv][Ee][Rr][Ll][Oo][Rr][Ee][Nn]|[Ss][Tt][Oo][Rr][Nn][Ii][Ee][Rr][Tt])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Ll][Oo][Ss][Ee][Dd]|[Cc][Ee][Rr][Rr][Aa][Dd][Aa]|[Cc][Ee][Rr][Rr][Aa][Dd][Oo]|[Ff][Ee][Cc][Hh][Aa][Dd][Aa]|[Ff][Ee][Cc][Hh][Aa][Dd][Oo]|[Ff][Ee][Rr][Mm]é|[Ff][Ee][Rr][Mm]é[Ee]|[Cc][Ll]ô[Tt][Uu][Rr]é|[Cc][Ll]ô[Tt][Uu][Rr]é[Ee]|[Aa][Bb][Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn]|[Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn])') END, CASE WHEN m_is_closed THEN FALSE END) AS v_is_closed,
    COALESCE(b_is_won, CASE WHEN f_stage IS NOT NULL THEN regexp_matches(f_stage, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Ll][Oo][Ss][Ee][Dd] [Ww][Oo][Nn]|[Ww][Oo][Nn]|[Cc][Ll][Oo][Ss][Ee][Dd]-[Ww][Oo][Nn]|[Cc][Ll][Oo][Ss][Ee][Dd][Ww][Oo][Nn]|[Gg][Aa][Nn][Aa][Dd][Aa]|[Gg][Aa][Nn][Aa][Dd][Oo]|[Cc][Ee][Rr][Rr][Aa][Dd][Aa] [Gg][Aa][Nn][Aa][Dd][Aa]|[Cc][Ee][Rr][Rr][Aa][Dd][Oo] [Gg][Aa][Nn][Aa][Dd][Oo]|[Gg][Aa][Nn][Hh][Oo]|[Gg][Aa][Nn][Hh][Aa]|[Ff][Ee][Cc][Hh][Aa][Dd][Oo] [Gg][Aa][Nn][Hh][Oo]|[Ff][Ee][Cc][Hh][Aa][Dd][Aa] [Gg][Aa][Nn][Hh][Aa]|[Gg][Aa][Gg][Nn]é|[Gg][Aa][Gg][Nn]é[Ee]|[Ff][Ee][Rr][Mm]é [Gg][Aa][Gg][Nn]é|[Ff][Ee][Rr][Mm]é[Ee] [Gg][Aa][Gg][Nn]é[Ee]|[Gg][Ee][Ww][Oo][Nn][Nn][Ee][Nn]|[Aa][Bb][Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn] [Gg][Ee][Ww][Oo][Nn][Nn][Ee][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)') END, CASE WHEN m_is_won THEN FALSE END) AS v_is_won,
    CASE WHEN (COALESCE(b_is_closed, CASE WHEN f_stage IS NOT NULL THEN regexp_matches(f_stage, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ww][Oo][Nn]|[Ll][Oo][Ss][Tt]|[Oo][Uu][Tt]-[Ss][Oo][Ll][Dd]|[Oo][Uu][Tt][Ss][Oo][Ll][Dd]|[Cc][Aa][Nn][Cc][Ee][Ll][Ee][Dd]|[Cc][Aa][Nn][Cc][Ee][Ll][Ll][Ee][Dd]|[Gg][Aa][Nn][Aa][Dd][Aa]|[Gg][Aa][Nn][Aa][Dd][Oo]|[Pp][Ee][Rr][Dd][Ii][Dd][Aa]|[Pp][Ee][Rr][Dd][Ii][Dd][Oo]|[Cc][Aa][Nn][Cc][Ee][Ll][Aa][Dd][Aa]|[Cc][Aa][Nn][Cc][Ee][Ll][Aa][Dd][Oo]|[Gg][Aa][Nn][Hh][Oo]|[Gg][Aa][Nn][Hh][Aa]|[Gg][Aa][Gg][Nn]é|[Gg][Aa][Gg][Nn]é[Ee]|[Pp][Ee][Rr][Dd][Uu]|[Pp][Ee][Rr][Dd][Uu][Ee]|[Aa][Nn][Nn][Uu][Ll]é|[Aa][Nn][Nn][Uu][Ll]é[Ee]|[Gg][Ee][Ww][Oo][Nn][Nn][Ee][Nn]|[Vv][Ee][Rr][Ll][Oo][Rr][Ee][Nn]|[Ss][Tt][Oo][Rr][Nn][Ii][Ee][Rr][Tt])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Ll][Oo][Ss][Ee][Dd]|[Cc][Ee][Rr][Rr][Aa][Dd][Aa]|[Cc][Ee][Rr][Rr][Aa][Dd][Oo]|[Ff][Ee][Cc][Hh][Aa][Dd][Aa]|[Ff][Ee][Cc][Hh][Aa][Dd][Oo]|[Ff][Ee][Rr][Mm]é|[Ff][Ee][Rr][Mm]é[Ee]|[Cc][Ll]ô[Tt][Uu][Rr]é|[Cc][Ll]ô[Tt][Uu][Rr]é[Ee]|[Aa][Bb][Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn]|[Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn])') END, CASE WHEN m_is_closed THEN FALSE END)) IS NOT NULL AND (COALESCE(b_is_won, CASE WHEN f_stage IS NOT NULL THEN regexp_matches(f_stage, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Ll][Oo][Ss][Ee][Dd] [Ww][Oo][Nn]|[Ww][Oo][Nn]|[Cc][Ll][Oo][Ss][Ee][Dd]-[Ww][Oo][Nn]|[Cc][Ll][Oo][Ss][Ee][Dd][Ww][Oo][Nn]|[Gg][Aa][Nn][Aa][Dd][Aa]|[Gg][Aa][Nn][Aa][Dd][Oo]|[Cc][Ee][Rr][Rr][Aa][Dd][Aa] [Gg][Aa][Nn][Aa][Dd][Aa]|[Cc][Ee][Rr][Rr][Aa][Dd][Oo] [Gg][Aa][Nn][Aa][Dd][Oo]|[Gg][Aa][Nn][Hh][Oo]|[Gg][Aa][Nn][Hh][Aa]|[Ff][Ee][Cc][Hh][Aa][Dd][Oo] [Gg][Aa][Nn][Hh][Oo]|[Ff][Ee][Cc][Hh][Aa][Dd][Aa] [Gg][Aa][Nn][Hh][Aa]|[Gg][Aa][Gg][Nn]é|[Gg][Aa][Gg][Nn]é[Ee]|[Ff][Ee][Rr][Mm]é [Gg][Aa][Gg][Nn]é|[Ff][Ee][Rr][Mm]é[Ee] [Gg][Aa][Gg][Nn]é[Ee]|[Gg][Ee][Ww][Oo][Nn][Nn][Ee][Nn]|[Aa][Bb][Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn] [Gg][Ee][Ww][Oo][Nn][Nn][Ee][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)') END, CASE WHEN m_is_won THEN FALSE END)) IS NOT NULL THEN (COALESCE(b_is_closed, CASE WHEN f_stage IS NOT NULL THEN regexp_matches(f_stage, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ww][Oo][Nn]|[Ll][Oo][Ss][Tt]|[Oo][Uu][Tt]-[Ss][Oo][Ll][Dd]|[Oo][Uu][Tt][Ss][Oo][Ll][Dd]|[Cc][Aa][Nn][Cc][Ee][Ll][Ee][Dd]|[Cc][Aa][Nn][Cc][Ee][Ll][Ll][Ee][Dd]|[Gg][Aa][Nn][Aa][Dd][Aa]|[Gg][Aa][Nn][Aa][Dd][Oo]|[Pp][Ee][Rr][Dd][Ii][Dd][Aa]|[Pp][Ee][Rr][Dd][Ii][Dd][Oo]|[Cc][Aa][Nn][Cc][Ee][Ll][Aa][Dd][Aa]|[Cc][Aa][Nn][Cc][Ee][Ll][Aa][Dd][Oo]|[Gg][Aa][Nn][Hh][Oo]|[Gg][Aa][Nn][Hh][Aa]|[Gg][Aa][Gg][Nn]é|[Gg][Aa][Gg][Nn]é[Ee]|[Pp][Ee][Rr][Dd][Uu]|[Pp][Ee][Rr][Dd][Uu][Ee]|[Aa][Nn][Nn][Uu][Ll]é|[Aa][Nn][Nn][Uu][Ll]é[Ee]|[Gg][Ee][Ww][Oo][Nn][Nn][Ee][Nn]|[Vv][Ee][Rr][Ll][Oo][Rr][Ee][Nn]|[Ss][Tt][Oo][Rr][Nn][Ii][Ee][Rr][Tt])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Ll][Oo][Ss][Ee][Dd]|[Cc][Ee][Rr][Rr][Aa][Dd][Aa]|[Cc][Ee][Rr][Rr][Aa][Dd][Oo]|[Ff][Ee][Cc][Hh][Aa][Dd][Aa]|[Ff][Ee][Cc][Hh][Aa][Dd][Oo]|[Ff][Ee][Rr][Mm]é|[Ff][Ee][Rr][Mm]é[Ee]|[Cc][Ll]ô[Tt][Uu][Rr]é|[Cc][Ll]ô[Tt][Uu][Rr]é[Ee]|[Aa][Bb][Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn]|[Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn])') END, CASE WHEN m_is_closed THEN FALSE END)) AND NOT (COALESCE(b_is_won, CASE WHEN f_stage IS NOT NULL THEN regexp_matches(f_stage, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Ll][Oo][Ss][Ee][Dd] [Ww][Oo][Nn]|[Ww][Oo][Nn]|[Cc][Ll][Oo][Ss][Ee][Dd]-[Ww][Oo][Nn]|[Cc][Ll][Oo][Ss][Ee][Dd][Ww][Oo][Nn]|[Gg][Aa][Nn][Aa][Dd][Aa]|[Gg][Aa][Nn][Aa][Dd][Oo]|[Cc][Ee][Rr][Rr][Aa][Dd][Aa] [Gg][Aa][Nn][Aa][Dd][Aa]|[Cc][Ee][Rr][Rr][Aa][Dd][Oo] [Gg][Aa][Nn][Aa][Dd][Oo]|[Gg][Aa][Nn][Hh][Oo]|[Gg][Aa][Nn][Hh][Aa]|[Ff][Ee][Cc][Hh][Aa][Dd][Oo] [Gg][Aa][Nn][Hh][Oo]|[Ff][Ee][Cc][Hh][Aa][Dd][Aa] [Gg][Aa][Nn][Hh][Aa]|[Gg][Aa][Gg][Nn]é|[Gg][Aa][Gg][Nn]é[Ee]|[Ff][Ee][Rr][Mm]é [Gg][Aa][Gg][Nn]é|[Ff][Ee][Rr][Mm]é[Ee] [Gg][Aa][Gg][Nn]é[Ee]|[Gg][Ee][Ww][Oo][Nn][Nn][Ee][Nn]|[Aa][Bb][Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn] [Gg][Ee][Ww][Oo][Nn][Nn][Ee][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)') END, CASE WHEN m_is_won THEN FALSE END)) WHEN f_stage IS NOT NULL THEN regexp_matches(f_stage, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Ll][Oo][Ss][Ee][Dd] [Ll][Oo][Ss][Tt]|[Ll][Oo][Ss][Tt]|[Cc][Ll][Oo][Ss][Ee][Dd]-[Ll][Oo][Ss][Tt]|[Cc][Ll][Oo][Ss][Ee][Dd][Ll][Oo][Ss][Tt]|[Oo][Uu][Tt]-[Ss][Oo][Ll][Dd]|[Oo][Uu][Tt][Ss][Oo][Ll][Dd]|[Cc][Aa][Nn][Cc][Ee][Ll][Ee][Dd]|[Cc][Aa][Nn][Cc][Ee][Ll][Ll][Ee][Dd]|[Pp][Ee][Rr][Dd][Ii][Dd][Aa]|[Pp][Ee][Rr][Dd][Ii][Dd][Oo]|[Cc][Ee][Rr][Rr][Aa][Dd][Aa] [Pp][Ee][Rr][Dd][Ii][Dd][Aa]|[Cc][Ee][Rr][Rr][Aa][Dd][Oo] [Pp][Ee][Rr][Dd][Ii][Dd][Oo]|[Cc][Aa][Nn][Cc][Ee][Ll][Aa][Dd][Aa]|[Cc][Aa][Nn][Cc][Ee][Ll][Aa][Dd][Oo]|[Ff][Ee][Cc][Hh][Aa][Dd][Oo] [Pp][Ee][Rr][Dd][Ii][Dd][Oo]|[Ff][Ee][Cc][Hh][Aa][Dd][Aa] [Pp][Ee][Rr][Dd][Ii][Dd][Aa]|[Pp][Ee][Rr][Dd][Uu]|[Pp][Ee][Rr][Dd][Uu][Ee]|[Ff][Ee][Rr][Mm]é [Pp][Ee][Rr][Dd][Uu]|[Ff][Ee][Rr][Mm]é[Ee] [Pp][Ee][Rr][Dd][Uu][Ee]|[Aa][Nn][Nn][Uu][Ll]é|[Aa][Nn][Nn][Uu][Ll]é[Ee]|[Vv][Ee][Rr][Ll][Oo][Rr][Ee][Nn]|[Aa][Bb][Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn] [Vv][Ee][Rr][Ll][Oo][Rr][Ee][Nn]|[Ss][Tt][Oo][Rr][Nn][Ii][Ee][Rr][Tt])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)') END AS v_is_lost,
    COALESCE(b_is_deleted, CASE WHEN m_is_deleted THEN FALSE END) AS v_is_deleted
  FROM src_deals src
  WHERE NOT COALESCE(src.b_is_deleted, FALSE)
),
src_tickets AS (
  SELECT
    CAST(0 AS BIGINT) AS o1,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS o2,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_id,
    NULLIF(regexp_replace(CAST("account_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_account_id,
    NULLIF(regexp_replace(CAST("contact_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_contact_id,
    NULLIF(regexp_replace(CAST("subject" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_subject,
    NULLIF(regexp_replace(CAST("description" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_description,
    NULLIF(regexp_replace(CAST("type" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_type,
    NULLIF(regexp_replace(CAST("reason" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_reason,
    NULLIF(regexp_replace(CAST("status" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_status,
    FLOOR(epoch("created")) AS s_created,
    FLOOR(epoch("closed")) AS s_closed,
    FLOOR(epoch("first_response")) AS s_first_response,
    "is_closed" AS b_is_closed,
    TRUE AS m_is_closed,
    "is_escalated" AS b_is_escalated,
    TRUE AS m_is_escalated,
    "is_deleted" AS b_is_deleted,
    TRUE AS m_is_deleted
  FROM "tickets"
),
ok_tickets AS (
  SELECT
    src.*,
    CAST(FLOOR(s_created / 86400) AS BIGINT) AS d_created,
    CAST(FLOOR(s_closed / 86400) AS BIGINT) AS d_closed,
    CAST(FLOOR(s_first_response / 86400) AS BIGINT) AS d_first_response,
    COALESCE(b_is_closed, CASE WHEN f_status IS NOT NULL THEN regexp_matches(f_status, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Ee][Dd]|[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Ee]|[Dd][Oo][Nn][Ee]|[Cc][Ll][Oo][Ss][Ee][Dd]|[Rr][Ee][Ss][Oo][Ll][Vv][Ee][Dd]|[Ff][Ii][Nn][Ii][Ss][Hh][Ee][Dd]|[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Aa][Dd][Oo]|[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Aa][Dd][Aa]|[Tt][Ee][Rr][Mm][Ii][Nn][Aa][Dd][Oo]|[Tt][Ee][Rr][Mm][Ii][Nn][Aa][Dd][Aa]|[Cc][Ee][Rr][Rr][Aa][Dd][Oo]|[Cc][Ee][Rr][Rr][Aa][Dd][Aa]|[Rr][Ee][Ss][Uu][Ee][Ll][Tt][Oo]|[Rr][Ee][Ss][Uu][Ee][Ll][Tt][Aa]|[Cc][Oo][Nn][Cc][Ll][Uu]í[Dd][Oo]|[Cc][Oo][Nn][Cc][Ll][Uu]í[Dd][Aa]|[Cc][Oo][Nn][Cc][Ll][Uu][Ii][Dd][Oo]|[Cc][Oo][Nn][Cc][Ll][Uu][Ii][Dd][Aa]|[Ff][Ee][Cc][Hh][Aa][Dd][Oo]|[Ff][Ee][Cc][Hh][Aa][Dd][Aa]|[Rr][Ee][Ss][Oo][Ll][Vv][Ii][Dd][Oo]|[Rr][Ee][Ss][Oo][Ll][Vv][Ii][Dd][Aa]|[Tt][Ee][Rr][Mm][Ii][Nn]é|[Tt][Ee][Rr][Mm][Ii][Nn]é[Ee]|[Ff][Ee][Rr][Mm]é|[Ff][Ee][Rr][Mm]é[Ee]|[Rr]é[Ss][Oo][Ll][Uu]|[Rr]é[Ss][Oo][Ll][Uu][Ee]|[Cc][Ll]ô[Tt][Uu][Rr]é|[Cc][Ll]ô[Tt][Uu][Rr]é[Ee]|[Ee][Ff][Ff][Ee][Cc][Tt][Uu]é|[Ee][Ff][Ff][Ee][Cc][Tt][Uu]é[Ee]|[Ee][Rr][Ll][Ee][Dd][Ii][Gg][Tt]|[Aa][Bb][Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn]|[Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn]|[Gg][Ee][Ll]ö[Ss][Tt]|[Bb][Ee][Ee][Nn][Dd][Ee][Tt])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)') END, CASE WHEN m_is_closed THEN FALSE END) AS v_is_closed,
    COALESCE(b_is_escalated, CASE WHEN m_is_escalated THEN FALSE END) AS v_is_escalated,
    COALESCE(b_is_deleted, CASE WHEN m_is_deleted THEN FALSE END) AS v_is_deleted
  FROM src_tickets src
  WHERE NOT COALESCE(src.b_is_deleted, FALSE)
),
src_activities AS (
  SELECT
    CAST(0 AS BIGINT) AS o1,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS o2,
    NULLIF(regexp_replace(CAST("id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_id,
    NULLIF(regexp_replace(CAST("account_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_account_id,
    NULLIF(regexp_replace(CAST("contact_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_contact_id,
    NULLIF(regexp_replace(CAST("related_id" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_related_id,
    NULLIF(regexp_replace(CAST("subject" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_subject,
    NULLIF(regexp_replace(CAST("description" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_description,
    NULLIF(regexp_replace(CAST("type" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_type,
    NULLIF(regexp_replace(CAST("direction" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_direction,
    NULLIF(regexp_replace(CAST("status" AS VARCHAR), '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '') AS f_status,
    FLOOR(epoch("date")) AS s_date,
    "is_closed" AS b_is_closed,
    TRUE AS m_is_closed,
    "is_deleted" AS b_is_deleted,
    TRUE AS m_is_deleted
  FROM "activities"
),
ok_activities AS (
  SELECT
    src.*,
    CAST(FLOOR(s_date / 86400) AS BIGINT) AS d_date,
    COALESCE(b_is_closed, CASE WHEN f_status IS NOT NULL THEN regexp_matches(f_status, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Ee][Dd]|[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Ee]|[Dd][Oo][Nn][Ee]|[Cc][Ll][Oo][Ss][Ee][Dd]|[Rr][Ee][Ss][Oo][Ll][Vv][Ee][Dd]|[Ff][Ii][Nn][Ii][Ss][Hh][Ee][Dd]|[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Aa][Dd][Oo]|[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Aa][Dd][Aa]|[Tt][Ee][Rr][Mm][Ii][Nn][Aa][Dd][Oo]|[Tt][Ee][Rr][Mm][Ii][Nn][Aa][Dd][Aa]|[Cc][Ee][Rr][Rr][Aa][Dd][Oo]|[Cc][Ee][Rr][Rr][Aa][Dd][Aa]|[Rr][Ee][Ss][Uu][Ee][Ll][Tt][Oo]|[Rr][Ee][Ss][Uu][Ee][Ll][Tt][Aa]|[Cc][Oo][Nn][Cc][Ll][Uu]í[Dd][Oo]|[Cc][Oo][Nn][Cc][Ll][Uu]í[Dd][Aa]|[Cc][Oo][Nn][Cc][Ll][Uu][Ii][Dd][Oo]|[Cc][Oo][Nn][Cc][Ll][Uu][Ii][Dd][Aa]|[Ff][Ee][Cc][Hh][Aa][Dd][Oo]|[Ff][Ee][Cc][Hh][Aa][Dd][Aa]|[Rr][Ee][Ss][Oo][Ll][Vv][Ii][Dd][Oo]|[Rr][Ee][Ss][Oo][Ll][Vv][Ii][Dd][Aa]|[Tt][Ee][Rr][Mm][Ii][Nn]é|[Tt][Ee][Rr][Mm][Ii][Nn]é[Ee]|[Ff][Ee][Rr][Mm]é|[Ff][Ee][Rr][Mm]é[Ee]|[Rr]é[Ss][Oo][Ll][Uu]|[Rr]é[Ss][Oo][Ll][Uu][Ee]|[Cc][Ll]ô[Tt][Uu][Rr]é|[Cc][Ll]ô[Tt][Uu][Rr]é[Ee]|[Ee][Ff][Ff][Ee][Cc][Tt][Uu]é|[Ee][Ff][Ff][Ee][Cc][Tt][Uu]é[Ee]|[Ee][Rr][Ll][Ee][Dd][Ii][Gg][Tt]|[Aa][Bb][Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn]|[Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn]|[Gg][Ee][Ll]ö[Ss][Tt]|[Bb][Ee][Ee][Nn][Dd][Ee][Tt])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)') END, CASE WHEN m_is_closed THEN FALSE END) AS v_is_closed,
    COALESCE(COALESCE(b_is_closed, CASE WHEN f_status IS NOT NULL THEN regexp_matches(f_status, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Ee][Dd]|[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Ee]|[Dd][Oo][Nn][Ee]|[Cc][Ll][Oo][Ss][Ee][Dd]|[Rr][Ee][Ss][Oo][Ll][Vv][Ee][Dd]|[Ff][Ii][Nn][Ii][Ss][Hh][Ee][Dd]|[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Aa][Dd][Oo]|[Cc][Oo][Mm][Pp][Ll][Ee][Tt][Aa][Dd][Aa]|[Tt][Ee][Rr][Mm][Ii][Nn][Aa][Dd][Oo]|[Tt][Ee][Rr][Mm][Ii][Nn][Aa][Dd][Aa]|[Cc][Ee][Rr][Rr][Aa][Dd][Oo]|[Cc][Ee][Rr][Rr][Aa][Dd][Aa]|[Rr][Ee][Ss][Uu][Ee][Ll][Tt][Oo]|[Rr][Ee][Ss][Uu][Ee][Ll][Tt][Aa]|[Cc][Oo][Nn][Cc][Ll][Uu]í[Dd][Oo]|[Cc][Oo][Nn][Cc][Ll][Uu]í[Dd][Aa]|[Cc][Oo][Nn][Cc][Ll][Uu][Ii][Dd][Oo]|[Cc][Oo][Nn][Cc][Ll][Uu][Ii][Dd][Aa]|[Ff][Ee][Cc][Hh][Aa][Dd][Oo]|[Ff][Ee][Cc][Hh][Aa][Dd][Aa]|[Rr][Ee][Ss][Oo][Ll][Vv][Ii][Dd][Oo]|[Rr][Ee][Ss][Oo][Ll][Vv][Ii][Dd][Aa]|[Tt][Ee][Rr][Mm][Ii][Nn]é|[Tt][Ee][Rr][Mm][Ii][Nn]é[Ee]|[Ff][Ee][Rr][Mm]é|[Ff][Ee][Rr][Mm]é[Ee]|[Rr]é[Ss][Oo][Ll][Uu]|[Rr]é[Ss][Oo][Ll][Uu][Ee]|[Cc][Ll]ô[Tt][Uu][Rr]é|[Cc][Ll]ô[Tt][Uu][Rr]é[Ee]|[Ee][Ff][Ff][Ee][Cc][Tt][Uu]é|[Ee][Ff][Ff][Ee][Cc][Tt][Uu]é[Ee]|[Ee][Rr][Ll][Ee][Dd][Ii][Gg][Tt]|[Aa][Bb][Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn]|[Gg][Ee][Ss][Cc][Hh][Ll][Oo][Ss][Ss][Ee][Nn]|[Gg][Ee][Ll]ö[Ss][Tt]|[Bb][Ee][Ee][Nn][Dd][Ee][Tt])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)') END, CASE WHEN m_is_closed THEN FALSE END), TRUE) AS v_done,
    COALESCE(b_is_deleted, CASE WHEN m_is_deleted THEN FALSE END) AS v_is_deleted
  FROM src_activities src
  WHERE NOT COALESCE(src.b_is_deleted, FALSE)
),
accounts0 AS (
  SELECT * FROM (
    SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.f_id ORDER BY o1 ASC NULLS FIRST, o2 ASC NULLS FIRST) AS rn_ok_accounts
    FROM ok_accounts x
    WHERE x.f_id IS NOT NULL
  ) t
  WHERE rn_ok_accounts = 1
),
known_accounts AS (
  SELECT a.*, a.f_id AS id, COALESCE(a.f_name, a.f_id) AS name FROM accounts0 a
),
contacts0 AS (
  SELECT c.* FROM ok_contacts c
  LEFT JOIN known_accounts a ON a.id = c.f_account_id
  WHERE c.f_id IS NOT NULL AND (c.f_account_id IS NULL OR a.id IS NOT NULL)
),
contacts1 AS (
  SELECT * FROM (
    SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.f_id ORDER BY o1 ASC NULLS FIRST, o2 ASC NULLS FIRST) AS rn_contacts0
    FROM contacts0 x
    WHERE x.f_id IS NOT NULL
  ) t
  WHERE rn_contacts0 = 1
),
relations AS (
  SELECT r.o1, r.o2, r.f_account_id AS account_id, r.f_contact_id AS contact_id, r.f_role AS role
  FROM ok_contact_roles r
  JOIN known_accounts a ON a.id = r.f_account_id
  JOIN contacts1 c ON c.f_id = r.f_contact_id
),
relation_account AS (
  SELECT * FROM (
    SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.contact_id ORDER BY o1 ASC NULLS FIRST, o2 ASC NULLS FIRST) AS rn_relations
    FROM relations x
    WHERE x.account_id IS NOT NULL
  ) t
  WHERE rn_relations = 1
),
relation_role AS (
  SELECT x.contact_id, MIN(CASE WHEN COALESCE(regexp_matches(x.role, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Aa][Ss][Ss][Ii][Ss][Tt][Aa][Nn][Tt]|[Pp][Rr][Oo][Cc][Uu][Rr][Ee][Mm][Ee][Nn][Tt]|[Oo][Ff][Ff][Ii][Cc][Ee] [Mm][Aa][Nn][Aa][Gg][Ee][Rr]|[Rr][Ee][Cc][Ee][Pp][Tt][Ii][Oo][Nn][Ii][Ss][Tt]|[Ss][Ee][Cc][Rr][Ee][Tt][Aa][Rr][Yy]|[Cc][Oo][Oo][Rr][Dd][Ii][Nn][Aa][Tt][Oo][Rr]|[Gg][Aa][Tt][Ee][Kk][Ee][Ee][Pp][Ee][Rr]|[Aa][Dd][Mm][Ii][Nn][Ii][Ss][Tt][Rr][Aa][Tt][Oo][Rr]|[Pp][Uu][Rr][Cc][Hh][Aa][Ss][Ii][Nn][Gg] [Aa][Gg][Ee][Nn][Tt]|[Cc][Hh][Ii][Ee][Ff] [Oo][Ff] [Ss][Tt][Aa][Ff][Ff])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) THEN 0 WHEN COALESCE(regexp_matches(x.role, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Ee][Oo]|[Cc][Ff][Oo]|[Cc][Oo][Oo]|[Cc][Ii][Oo]|[Cc][Tt][Oo]|[Cc][Hh][Ii][Ee][Ff]|[Pp][Rr][Ee][Ss][Ii][Dd][Ee][Nn][Tt]|[Vv][Pp]|[Ss][Vv][Pp]|[Ee][Vv][Pp]|[Vv][Ii][Cc][Ee] [Pp][Rr][Ee][Ss][Ii][Dd][Ee][Nn][Tt]|[Dd][Ii][Rr][Ee][Cc][Tt][Oo][Rr]|[Hh][Ee][Aa][Dd]|[Oo][Ww][Nn][Ee][Rr]|[Ff][Oo][Uu][Nn][Dd][Ee][Rr]|[Pp][Aa][Rr][Tt][Nn][Ee][Rr]|[Mm][Aa][Nn][Aa][Gg][Ii][Nn][Gg] [Dd][Ii][Rr][Ee][Cc][Tt][Oo][Rr]|[Gg][Ee][Nn][Ee][Rr][Aa][Ll] [Mm][Aa][Nn][Aa][Gg][Ee][Rr]|[Bb][Uu][Yy][Ee][Rr]|[Pp][Uu][Rr][Cc][Hh][Aa][Ss][Ii][Nn][Gg] [Mm][Aa][Nn][Aa][Gg][Ee][Rr]|[Dd][Ee][Cc][Ii][Ss][Ii][Oo][Nn] [Mm][Aa][Kk][Ee][Rr]|[Ee][Cc][Oo][Nn][Oo][Mm][Ii][Cc] [Bb][Uu][Yy][Ee][Rr]|[Ee][Xx][Ee][Cc][Uu][Tt][Ii][Vv][Ee] [Ss][Pp][Oo][Nn][Ss][Oo][Rr]|[Pp][Rr][Ii][Nn][Cc][Ii][Pp][Aa][Ll])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) THEN 1 END) AS role_idx
  FROM relations x
  WHERE x.role IS NOT NULL
  GROUP BY x.contact_id
),
contacts2 AS (
  SELECT c.*, c.f_id AS id, c.f_account_id AS direct_account, COALESCE(c.f_account_id, ra.account_id) AS account_id,
    COALESCE(c.f_name, CASE WHEN c.f_first_name IS NOT NULL AND c.f_last_name IS NOT NULL THEN c.f_first_name || ' ' || c.f_last_name ELSE COALESCE(c.f_first_name, c.f_last_name) END, c.f_id) AS name,
    CASE WHEN COALESCE(regexp_matches(c.f_role, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Aa][Ss][Ss][Ii][Ss][Tt][Aa][Nn][Tt]|[Pp][Rr][Oo][Cc][Uu][Rr][Ee][Mm][Ee][Nn][Tt]|[Oo][Ff][Ff][Ii][Cc][Ee] [Mm][Aa][Nn][Aa][Gg][Ee][Rr]|[Rr][Ee][Cc][Ee][Pp][Tt][Ii][Oo][Nn][Ii][Ss][Tt]|[Ss][Ee][Cc][Rr][Ee][Tt][Aa][Rr][Yy]|[Cc][Oo][Oo][Rr][Dd][Ii][Nn][Aa][Tt][Oo][Rr]|[Gg][Aa][Tt][Ee][Kk][Ee][Ee][Pp][Ee][Rr]|[Aa][Dd][Mm][Ii][Nn][Ii][Ss][Tt][Rr][Aa][Tt][Oo][Rr]|[Pp][Uu][Rr][Cc][Hh][Aa][Ss][Ii][Nn][Gg] [Aa][Gg][Ee][Nn][Tt]|[Cc][Hh][Ii][Ee][Ff] [Oo][Ff] [Ss][Tt][Aa][Ff][Ff])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) THEN 0 WHEN COALESCE(regexp_matches(c.f_role, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Ee][Oo]|[Cc][Ff][Oo]|[Cc][Oo][Oo]|[Cc][Ii][Oo]|[Cc][Tt][Oo]|[Cc][Hh][Ii][Ee][Ff]|[Pp][Rr][Ee][Ss][Ii][Dd][Ee][Nn][Tt]|[Vv][Pp]|[Ss][Vv][Pp]|[Ee][Vv][Pp]|[Vv][Ii][Cc][Ee] [Pp][Rr][Ee][Ss][Ii][Dd][Ee][Nn][Tt]|[Dd][Ii][Rr][Ee][Cc][Tt][Oo][Rr]|[Hh][Ee][Aa][Dd]|[Oo][Ww][Nn][Ee][Rr]|[Ff][Oo][Uu][Nn][Dd][Ee][Rr]|[Pp][Aa][Rr][Tt][Nn][Ee][Rr]|[Mm][Aa][Nn][Aa][Gg][Ii][Nn][Gg] [Dd][Ii][Rr][Ee][Cc][Tt][Oo][Rr]|[Gg][Ee][Nn][Ee][Rr][Aa][Ll] [Mm][Aa][Nn][Aa][Gg][Ee][Rr]|[Bb][Uu][Yy][Ee][Rr]|[Pp][Uu][Rr][Cc][Hh][Aa][Ss][Ii][Nn][Gg] [Mm][Aa][Nn][Aa][Gg][Ee][Rr]|[Dd][Ee][Cc][Ii][Ss][Ii][Oo][Nn] [Mm][Aa][Kk][Ee][Rr]|[Ee][Cc][Oo][Nn][Oo][Mm][Ii][Cc] [Bb][Uu][Yy][Ee][Rr]|[Ee][Xx][Ee][Cc][Uu][Tt][Ii][Vv][Ee] [Ss][Pp][Oo][Nn][Ss][Oo][Rr]|[Pp][Rr][Ii][Nn][Cc][Ii][Pp][Aa][Ll])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) THEN 1 WHEN c.f_role IS NULL AND rr.role_idx IS NOT NULL THEN rr.role_idx WHEN COALESCE(regexp_matches(c.f_title, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Aa][Ss][Ss][Ii][Ss][Tt][Aa][Nn][Tt]|[Pp][Rr][Oo][Cc][Uu][Rr][Ee][Mm][Ee][Nn][Tt]|[Oo][Ff][Ff][Ii][Cc][Ee] [Mm][Aa][Nn][Aa][Gg][Ee][Rr]|[Rr][Ee][Cc][Ee][Pp][Tt][Ii][Oo][Nn][Ii][Ss][Tt]|[Ss][Ee][Cc][Rr][Ee][Tt][Aa][Rr][Yy]|[Cc][Oo][Oo][Rr][Dd][Ii][Nn][Aa][Tt][Oo][Rr]|[Gg][Aa][Tt][Ee][Kk][Ee][Ee][Pp][Ee][Rr]|[Aa][Dd][Mm][Ii][Nn][Ii][Ss][Tt][Rr][Aa][Tt][Oo][Rr]|[Pp][Uu][Rr][Cc][Hh][Aa][Ss][Ii][Nn][Gg] [Aa][Gg][Ee][Nn][Tt]|[Cc][Hh][Ii][Ee][Ff] [Oo][Ff] [Ss][Tt][Aa][Ff][Ff])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) THEN 0 WHEN COALESCE(regexp_matches(c.f_title, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Ee][Oo]|[Cc][Ff][Oo]|[Cc][Oo][Oo]|[Cc][Ii][Oo]|[Cc][Tt][Oo]|[Cc][Hh][Ii][Ee][Ff]|[Pp][Rr][Ee][Ss][Ii][Dd][Ee][Nn][Tt]|[Vv][Pp]|[Ss][Vv][Pp]|[Ee][Vv][Pp]|[Vv][Ii][Cc][Ee] [Pp][Rr][Ee][Ss][Ii][Dd][Ee][Nn][Tt]|[Dd][Ii][Rr][Ee][Cc][Tt][Oo][Rr]|[Hh][Ee][Aa][Dd]|[Oo][Ww][Nn][Ee][Rr]|[Ff][Oo][Uu][Nn][Dd][Ee][Rr]|[Pp][Aa][Rr][Tt][Nn][Ee][Rr]|[Mm][Aa][Nn][Aa][Gg][Ii][Nn][Gg] [Dd][Ii][Rr][Ee][Cc][Tt][Oo][Rr]|[Gg][Ee][Nn][Ee][Rr][Aa][Ll] [Mm][Aa][Nn][Aa][Gg][Ee][Rr]|[Bb][Uu][Yy][Ee][Rr]|[Pp][Uu][Rr][Cc][Hh][Aa][Ss][Ii][Nn][Gg] [Mm][Aa][Nn][Aa][Gg][Ee][Rr]|[Dd][Ee][Cc][Ii][Ss][Ii][Oo][Nn] [Mm][Aa][Kk][Ee][Rr]|[Ee][Cc][Oo][Nn][Oo][Mm][Ii][Cc] [Bb][Uu][Yy][Ee][Rr]|[Ee][Xx][Ee][Cc][Uu][Tt][Ii][Vv][Ee] [Ss][Pp][Oo][Nn][Ss][Oo][Rr]|[Pp][Rr][Ii][Nn][Cc][Ii][Pp][Aa][Ll])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) THEN 1 END AS role_idx
  FROM contacts1 c
  LEFT JOIN relation_account ra ON ra.contact_id = c.f_id
  LEFT JOIN relation_role rr ON rr.contact_id = c.f_id
),
known_contacts AS (
  SELECT c.*, CASE c.role_idx WHEN 0 THEN 'gatekeeper' WHEN 1 THEN 'buyer' END AS role_name FROM contacts2 c
),
rows_accounts AS (
  SELECT a.*, a.id AS account, CAST(NULL AS VARCHAR) AS contact, CAST(NULL AS VARCHAR) AS contact_name, CAST(NULL AS VARCHAR) AS contact_role
  FROM known_accounts a
),
rows_contacts AS (
  SELECT c.*, c.direct_account AS account, c.id AS contact, c.name AS contact_name, c.role_name AS contact_role
  FROM known_contacts c
),
contacts_on_file AS (
  SELECT c.*, c.account_id AS account, c.id AS contact, c.name AS contact_name, c.role_name AS contact_role
  FROM known_contacts c
),
rows_contact_roles AS (
  SELECT r.*, a.id AS account, c.id AS contact, c.name AS contact_name, c.role_name AS contact_role
  FROM ok_contact_roles r
  JOIN known_accounts a ON a.id = r.f_account_id
  JOIN known_contacts c ON c.id = r.f_contact_id
),
rows_orders AS (
  SELECT r.*, COALESCE(aa.id) AS account, CAST(NULL AS VARCHAR) AS contact, CAST(NULL AS VARCHAR) AS contact_name, CAST(NULL AS VARCHAR) AS contact_role
  FROM ok_orders r
  LEFT JOIN known_accounts aa ON aa.id = r.f_account_id
),
rows_deals AS (
  SELECT r.*, COALESCE(aa.id, c.account_id) AS account, c.id AS contact, c.name AS contact_name, c.role_name AS contact_role
  FROM ok_deals r
  LEFT JOIN known_contacts c ON c.id = r.f_contact_id
  LEFT JOIN known_accounts aa ON aa.id = r.f_account_id
),
rows_tickets AS (
  SELECT r.*, COALESCE(aa.id, c.account_id) AS account, c.id AS contact, c.name AS contact_name, c.role_name AS contact_role
  FROM ok_tickets r
  LEFT JOIN known_contacts c ON c.id = r.f_contact_id
  LEFT JOIN known_accounts aa ON aa.id = r.f_account_id
),
rows_activities AS (
  SELECT r.*, COALESCE(ar.id, aa.id, c.account_id) AS account, c.id AS contact, c.name AS contact_name, c.role_name AS contact_role
  FROM ok_activities r
  LEFT JOIN known_contacts c ON c.id = r.f_contact_id
  LEFT JOIN known_accounts ar ON ar.id = r.f_related_id
  LEFT JOIN known_accounts aa ON aa.id = r.f_account_id
),
primary_contact AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY d_date DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM rows_activities
    WHERE account IS NOT NULL AND contact IS NOT NULL AND v_done AND d_date IS NOT NULL AND d_date <= 20634
  ) t
  WHERE rn = 1
),
first_contact AS (
  SELECT * FROM (
    SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.account_id ORDER BY x.id ASC, x.name ASC) AS rn_known_contacts
    FROM known_contacts x
    WHERE x.account_id IS NOT NULL
  ) t
  WHERE rn_known_contacts = 1
),
role_contact0 AS (
  SELECT * FROM (
    SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.account_id ORDER BY x.id ASC, x.name ASC) AS rn_known_contacts
    FROM known_contacts x
    WHERE x.account_id IS NOT NULL AND x.role_idx = 0
  ) t
  WHERE rn_known_contacts = 1
),
role_contact1 AS (
  SELECT * FROM (
    SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.account_id ORDER BY x.id ASC, x.name ASC) AS rn_known_contacts
    FROM known_contacts x
    WHERE x.account_id IS NOT NULL AND x.role_idx = 1
  ) t
  WHERE rn_known_contacts = 1
),
history_accounts AS (
  SELECT MIN(d_created) AS first_day, MAX(d_created) AS last_day
  FROM ok_accounts
),
history_contacts AS (
  SELECT MIN(d_created) AS first_day, MAX(d_created) AS last_day
  FROM ok_contacts
),
history_deals AS (
  SELECT MIN(d_close_date) AS first_day, MAX(d_close_date) AS last_day
  FROM ok_deals
),
history_tickets AS (
  SELECT MIN(d_created) AS first_day, MAX(d_created) AS last_day
  FROM ok_tickets
),
history_activities AS (
  SELECT MIN(d_date) AS first_day, MAX(d_date) AS last_day
  FROM ok_activities
),
m0 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND TRUE
),
g0 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m0 m
  GROUP BY m.account
),
m1 AS (
  SELECT account, contact, contact_name, o1, o2, d_close_date AS k_day, CAST(f_amount AS DOUBLE) AS k_num
  FROM rows_deals
  WHERE account IS NOT NULL
    AND d_close_date IS NOT NULL AND d_close_date <= 20634 AND d_close_date > 20269
    AND ((COALESCE(v_is_won = TRUE, FALSE)))
    AND COALESCE(regexp_matches(f_amount, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$'), FALSE)
),
g1 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits, SUM(m.k_num) AS k_agg
  FROM m1 m
  GROUP BY m.account
),
m2 AS (
  SELECT account, contact, contact_name, o1, o2, d_close_date AS k_day, CAST(f_amount AS DOUBLE) AS k_num
  FROM rows_deals
  WHERE account IS NOT NULL
    AND d_close_date IS NOT NULL AND d_close_date <= 20634 AND d_close_date > 20269
    AND ((COALESCE(v_is_won = TRUE, FALSE)))
    AND COALESCE(regexp_matches(f_amount, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$'), FALSE)
),
g2 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits, SUM(m.k_num) AS k_agg
  FROM m2 m
  GROUP BY m.account
),
m3 AS (
  SELECT account, contact, contact_name, o1, o2, d_close_date AS k_day
  FROM rows_deals
  WHERE account IS NOT NULL
    AND ((COALESCE(v_is_won = TRUE, FALSE)))
),
g3 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m3 m
  GROUP BY m.account
),
m4 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day
  FROM rows_accounts
  WHERE account IS NOT NULL
    AND ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Ll][Ii][Ee][Nn][Tt]|[Aa][Cc][Tt][Ii][Vv][Ee]|[Pp][Aa][Rr][Tt][Nn][Ee][Rr]|[Rr][Ee][Ss][Ee][Ll][Ll][Ee][Rr])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Uu][Ss][Tt][Oo][Mm][Ee][Rr])'), FALSE)))
),
g4 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m4 m
  GROUP BY m.account
),
m6 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE) OR COALESCE(regexp_matches(f_reason, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE)) AND (COALESCE(v_is_closed = FALSE, FALSE)))
),
g6 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m6 m
  GROUP BY m.account
),
m7 AS (
  SELECT account, contact, contact_name, o1, o2, d_close_date AS k_day, CASE WHEN ((COALESCE(v_is_lost = TRUE, FALSE)) AND (COALESCE(regexp_matches(f_loss_reason, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Pp][Rr][Ii][Cc][Ii][Nn][Gg]|[Cc][Hh][Ee][Aa][Pp][Ee][Rr]|[Cc][Hh][Ee][Aa][Pp][Ee][Ss][Tt]|[Tt][Oo][Oo] [Ee][Xx][Pp][Ee][Nn][Ss][Ii][Vv][Ee]|[Ee][Xx][Pp][Ee][Nn][Ss][Ii][Vv][Ee]|[Ll][Oo][Ww][Ee][Rr] [Bb][Ii][Dd]|[Uu][Nn][Dd][Ee][Rr][Cc][Uu][Tt])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Pp][Rr][Ii][Cc][Ee]|[Cc][Oo][Ss][Tt]|[Dd][Ii][Ss][Cc][Oo][Uu][Nn][Tt])'), FALSE))) THEN 1 ELSE 0 END AS k_hit
  FROM rows_deals
  WHERE account IS NOT NULL
    AND d_close_date IS NOT NULL AND d_close_date <= 20634 AND d_close_date > 20269
    AND ((COALESCE(v_is_closed = TRUE, FALSE)))
),
g7 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m7 m
  GROUP BY m.account
),
e7 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m7
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m9 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634
    AND ((COALESCE(v_done = TRUE, FALSE)))
),
g9 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m9 m
  GROUP BY m.account
),
e9 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m9
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m10 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day, (COALESCE(s_closed, CAST(1782864000.0 AS DOUBLE)) - s_created) / CAST(3600.0 AS DOUBLE) AS k_dur, CASE WHEN (COALESCE(s_closed, CAST(1782864000.0 AS DOUBLE)) - s_created) / CAST(3600.0 AS DOUBLE) <= CAST(24.0 AS DOUBLE) THEN 1 ELSE 0 END AS k_hit
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE) OR COALESCE(regexp_matches(f_reason, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE)))
    AND ((COALESCE(s_closed, CAST(1782864000.0 AS DOUBLE)) - s_created) / CAST(3600.0 AS DOUBLE)) IS NOT NULL
),
g10 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m10 m
  GROUP BY m.account
),
e10 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m10
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m11 AS (
  SELECT account, contact, contact_name, o1, o2, d_closed AS k_day
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_closed IS NOT NULL AND d_closed <= 20634 AND d_closed > 20269
    AND d_closed IS NOT NULL AND d_closed <= 20634
    AND ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE) OR COALESCE(regexp_matches(f_reason, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE)) AND (COALESCE(v_is_closed = TRUE, FALSE)))
),
f11 AS (
  SELECT DISTINCT account, d_date AS f_day
  FROM rows_activities
  WHERE account IS NOT NULL AND d_date IS NOT NULL AND d_date <= 20634
    AND ((COALESCE(v_done = TRUE, FALSE)))
),
fs11 AS (
  SELECT s.account, s.k_day, MAX(CASE WHEN f.account IS NULL THEN 0 ELSE 1 END) AS k_followed
  FROM (SELECT DISTINCT account, k_day FROM m11) s
  LEFT JOIN f11 f ON f.account = s.account AND f.f_day >= s.k_day AND f.f_day <= s.k_day + 7
  GROUP BY s.account, s.k_day
),
g11 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, SUM(CASE WHEN (history_activities.first_day IS NULL OR m.k_day >= history_activities.first_day) AND (fs.k_followed = 1 OR m.k_day + 7 < 20634) THEN 1 ELSE 0 END) AS n_rows, SUM(CASE WHEN (history_activities.first_day IS NULL OR m.k_day >= history_activities.first_day) THEN fs.k_followed ELSE 0 END) AS n_hits
  FROM m11 m
  JOIN fs11 fs ON fs.account = m.account AND fs.k_day = m.k_day
  CROSS JOIN history_activities
  GROUP BY m.account
),
e11 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m11
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m12 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day, translate(f_reason, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS k_value
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND d_created IS NOT NULL AND d_created <= 20634
    AND ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE) OR COALESCE(regexp_matches(f_reason, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Hh][Aa][Pp][Pp][Yy]|[Dd][Ii][Ss][Ss][Aa][Tt][Ii][Ss][Ff][Ii][Ee][Dd]|[Dd][Ii][Ss][Aa][Pp][Pp][Oo][Ii][Nn][Tt][Ee][Dd]|[Aa][Nn][Gg][Rr][Yy]|[Uu][Pp][Ss][Ee][Tt]|[Uu][Nn][Aa][Cc][Cc][Ee][Pp][Tt][Aa][Bb][Ll][Ee]|[Ll][Aa][Tt][Ee] [Dd][Ee][Ll][Ii][Vv][Ee][Rr][Yy]|[Pp][Oo][Oo][Rr] [Ss][Ee][Rr][Vv][Ii][Cc][Ee]|[Nn][Oo][Tt] [Ww][Oo][Rr][Kk][Ii][Nn][Gg]|[Bb][Rr][Oo][Kk][Ee][Nn]|[Ee][Ss][Cc][Aa][Ll][Aa][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Cc][Oo][Mm][Pp][Ll][Aa][Ii][Nn]|[Ff][Rr][Uu][Ss][Tt][Rr][Aa][Tt]|[Rr][Uu][Dd][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Rr][Ee][Ff][Uu][Nn][Dd])'), FALSE)))
    AND f_reason IS NOT NULL
),
r12 AS (
  SELECT m.*, m.k_day - LAG(m.k_day) OVER (PARTITION BY m.account, m.k_value ORDER BY m.k_day) AS k_gap
  FROM m12 m
),
g12 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(CASE WHEN m.k_gap <= 180 THEN 1 ELSE 0 END) AS n_hits
  FROM r12 m
  GROUP BY m.account
),
e12 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m12
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m13 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND TRUE
),
g13 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m13 m
  GROUP BY m.account
),
e13 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m13
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m16 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day, translate(contact_role, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS k_value
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20454
    AND ((COALESCE(v_done = TRUE, FALSE)))
    AND contact_role IS NOT NULL
    AND COALESCE(regexp_matches(contact_role, '^(?:[Bb][Uu][Yy][Ee][Rr]|[Gg][Aa][Tt][Ee][Kk][Ee][Ee][Pp][Ee][Rr])$'), FALSE)
),
g16 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits, COUNT(DISTINCT m.k_value) AS k_agg, MAX(CASE WHEN m.k_value = 'buyer' THEN 1 ELSE 0 END) AS k_has0, MAX(CASE WHEN m.k_value = 'gatekeeper' THEN 1 ELSE 0 END) AS k_has1
  FROM m16 m
  GROUP BY m.account
),
e16 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m16
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m17 AS (
  SELECT account, contact, contact_name, o1, o2, CAST(NULL AS DOUBLE) AS k_day, translate(contact_role, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS k_value
  FROM contacts_on_file
  WHERE account IS NOT NULL
    AND TRUE
    AND contact_role IS NOT NULL
    AND COALESCE(regexp_matches(contact_role, '^(?:[Bb][Uu][Yy][Ee][Rr]|[Gg][Aa][Tt][Ee][Kk][Ee][Ee][Pp][Ee][Rr])$'), FALSE)
),
g17 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits, COUNT(DISTINCT m.k_value) AS k_agg, MAX(CASE WHEN m.k_value = 'buyer' THEN 1 ELSE 0 END) AS k_has0, MAX(CASE WHEN m.k_value = 'gatekeeper' THEN 1 ELSE 0 END) AS k_has1
  FROM m17 m
  GROUP BY m.account
),
e17 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m17
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m18 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day, CASE WHEN ((f_competitor IS NOT NULL)) THEN 1 ELSE 0 END AS k_hit
  FROM rows_deals
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND TRUE
),
g18 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m18 m
  GROUP BY m.account
),
e18 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m18
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m19 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day, CASE WHEN ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Qq][Bb][Rr]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Rr][Ee][Vv][Ii][Ee][Ww]|[Ee][Bb][Rr]|[Ee][Xx][Ee][Cc][Uu][Tt][Ii][Vv][Ee] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Nn][Nn][Uu][Aa][Ll] [Rr][Ee][Vv][Ii][Ee][Ww])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Pp][Ll][Aa][Nn])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Qq][Bb][Rr]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Rr][Ee][Vv][Ii][Ee][Ww]|[Ee][Bb][Rr]|[Ee][Xx][Ee][Cc][Uu][Tt][Ii][Vv][Ee] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Nn][Nn][Uu][Aa][Ll] [Rr][Ee][Vv][Ii][Ee][Ww])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Pp][Ll][Aa][Nn])'), FALSE))) THEN 1 ELSE 0 END AS k_hit, CASE WHEN ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Gg][Oo][Ll][Ff]|[Dd][Ii][Nn][Nn][Ee][Rr]|[Ll][Uu][Nn][Cc][Hh]|[Dd][Rr][Ii][Nn][Kk][Ss]|[Gg][Aa][Mm][Ee]|[Mm][Aa][Tt][Cc][Hh]|[Cc][Oo][Nn][Cc][Ee][Rr][Tt]|[Tt][Ii][Cc][Kk][Ee][Tt][Ss]|[Pp][Aa][Rr][Tt][Yy]|[Bb][Aa][Rr][Bb][Ee][Cc][Uu][Ee]|[Bb][Bb][Qq]|[Ww][Ii][Nn][Ee]|[Hh][Aa][Pp][Pp][Yy] [Hh][Oo][Uu][Rr]|[Ff][Ii][Ss][Hh][Ii][Nn][Gg]|[Tt][Ee][Nn][Nn][Ii][Ss]|[Bb][Ii][Rr][Tt][Hh][Dd][Aa][Yy]|[Hh][Oo][Ll][Ii][Dd][Aa][Yy] [Cc][Aa][Rr][Dd]|[Gg][Ii][Ff][Tt]|[Hh][Oo][Ss][Pp][Ii][Tt][Aa][Ll][Ii][Tt][Yy])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ss][Kk][Ii])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Gg][Oo][Ll][Ff]|[Dd][Ii][Nn][Nn][Ee][Rr]|[Ll][Uu][Nn][Cc][Hh]|[Dd][Rr][Ii][Nn][Kk][Ss]|[Gg][Aa][Mm][Ee]|[Mm][Aa][Tt][Cc][Hh]|[Cc][Oo][Nn][Cc][Ee][Rr][Tt]|[Tt][Ii][Cc][Kk][Ee][Tt][Ss]|[Pp][Aa][Rr][Tt][Yy]|[Bb][Aa][Rr][Bb][Ee][Cc][Uu][Ee]|[Bb][Bb][Qq]|[Ww][Ii][Nn][Ee]|[Hh][Aa][Pp][Pp][Yy] [Hh][Oo][Uu][Rr]|[Ff][Ii][Ss][Hh][Ii][Nn][Gg]|[Tt][Ee][Nn][Nn][Ii][Ss]|[Bb][Ii][Rr][Tt][Hh][Dd][Aa][Yy]|[Hh][Oo][Ll][Ii][Dd][Aa][Yy] [Cc][Aa][Rr][Dd]|[Gg][Ii][Ff][Tt]|[Hh][Oo][Ss][Pp][Ii][Tt][Aa][Ll][Ii][Tt][Yy])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ss][Kk][Ii])'), FALSE))) THEN 1 ELSE 0 END AS k_per
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20269
    AND ((COALESCE(v_done = TRUE, FALSE)))
    AND (((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Qq][Bb][Rr]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Rr][Ee][Vv][Ii][Ee][Ww]|[Ee][Bb][Rr]|[Ee][Xx][Ee][Cc][Uu][Tt][Ii][Vv][Ee] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Nn][Nn][Uu][Aa][Ll] [Rr][Ee][Vv][Ii][Ee][Ww])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Pp][Ll][Aa][Nn])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Qq][Bb][Rr]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Rr][Ee][Vv][Ii][Ee][Ww]|[Ee][Bb][Rr]|[Ee][Xx][Ee][Cc][Uu][Tt][Ii][Vv][Ee] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Nn][Nn][Uu][Aa][Ll] [Rr][Ee][Vv][Ii][Ee][Ww])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Pp][Ll][Aa][Nn])'), FALSE))) OR ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Gg][Oo][Ll][Ff]|[Dd][Ii][Nn][Nn][Ee][Rr]|[Ll][Uu][Nn][Cc][Hh]|[Dd][Rr][Ii][Nn][Kk][Ss]|[Gg][Aa][Mm][Ee]|[Mm][Aa][Tt][Cc][Hh]|[Cc][Oo][Nn][Cc][Ee][Rr][Tt]|[Tt][Ii][Cc][Kk][Ee][Tt][Ss]|[Pp][Aa][Rr][Tt][Yy]|[Bb][Aa][Rr][Bb][Ee][Cc][Uu][Ee]|[Bb][Bb][Qq]|[Ww][Ii][Nn][Ee]|[Hh][Aa][Pp][Pp][Yy] [Hh][Oo][Uu][Rr]|[Ff][Ii][Ss][Hh][Ii][Nn][Gg]|[Tt][Ee][Nn][Nn][Ii][Ss]|[Bb][Ii][Rr][Tt][Hh][Dd][Aa][Yy]|[Hh][Oo][Ll][Ii][Dd][Aa][Yy] [Cc][Aa][Rr][Dd]|[Gg][Ii][Ff][Tt]|[Hh][Oo][Ss][Pp][Ii][Tt][Aa][Ll][Ii][Tt][Yy])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ss][Kk][Ii])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Gg][Oo][Ll][Ff]|[Dd][Ii][Nn][Nn][Ee][Rr]|[Ll][Uu][Nn][Cc][Hh]|[Dd][Rr][Ii][Nn][Kk][Ss]|[Gg][Aa][Mm][Ee]|[Mm][Aa][Tt][Cc][Hh]|[Cc][Oo][Nn][Cc][Ee][Rr][Tt]|[Tt][Ii][Cc][Kk][Ee][Tt][Ss]|[Pp][Aa][Rr][Tt][Yy]|[Bb][Aa][Rr][Bb][Ee][Cc][Uu][Ee]|[Bb][Bb][Qq]|[Ww][Ii][Nn][Ee]|[Hh][Aa][Pp][Pp][Yy] [Hh][Oo][Uu][Rr]|[Ff][Ii][Ss][Hh][Ii][Nn][Gg]|[Tt][Ee][Nn][Nn][Ii][Ss]|[Bb][Ii][Rr][Tt][Hh][Dd][Aa][Yy]|[Hh][Oo][Ll][Ii][Dd][Aa][Yy] [Cc][Aa][Rr][Dd]|[Gg][Ii][Ff][Tt]|[Hh][Oo][Ss][Pp][Ii][Tt][Aa][Ll][Ii][Tt][Yy])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ss][Kk][Ii])'), FALSE))))
),
g19 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, SUM(m.k_per) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m19 m
  GROUP BY m.account
),
e19 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m19
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m20 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20269
    AND ((COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Dd][Ii][Ss][Cc][Oo][Vv][Ee][Rr][Yy]|[Nn][Ee][Ee][Dd][Ss] [Aa][Nn][Aa][Ll][Yy][Ss][Ii][Ss]|[Nn][Ee][Ee][Dd][Ss] [Aa][Ss][Ss][Ee][Ss][Ss][Mm][Ee][Nn][Tt]|[Rr][Ee][Qq][Uu][Ii][Rr][Ee][Mm][Ee][Nn][Tt][Ss]|[Cc][Aa][Ss][Ee] [Ss][Tt][Uu][Dd][Yy]|[Cc][Aa][Ss][Ee] [Ss][Tt][Uu][Dd][Ii][Ee][Ss]|[Rr][Ee][Ff][Ee][Rr][Ee][Nn][Cc][Ee] [Cc][Aa][Ll][Ll]|[Rr][Ee][Ff][Ee][Rr][Ee][Nn][Cc][Ee]|[Cc][Uu][Ss][Tt][Oo][Mm][Ee][Rr] [Ss][Tt][Oo][Rr][Yy]|[Ss][Uu][Cc][Cc][Ee][Ss][Ss] [Ss][Tt][Oo][Rr][Yy]|[Tt][Ee][Ss][Tt][Ii][Mm][Oo][Nn][Ii][Aa][Ll])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) OR COALESCE(regexp_matches(f_description, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Dd][Ii][Ss][Cc][Oo][Vv][Ee][Rr][Yy]|[Nn][Ee][Ee][Dd][Ss] [Aa][Nn][Aa][Ll][Yy][Ss][Ii][Ss]|[Nn][Ee][Ee][Dd][Ss] [Aa][Ss][Ss][Ee][Ss][Ss][Mm][Ee][Nn][Tt]|[Rr][Ee][Qq][Uu][Ii][Rr][Ee][Mm][Ee][Nn][Tt][Ss]|[Cc][Aa][Ss][Ee] [Ss][Tt][Uu][Dd][Yy]|[Cc][Aa][Ss][Ee] [Ss][Tt][Uu][Dd][Ii][Ee][Ss]|[Rr][Ee][Ff][Ee][Rr][Ee][Nn][Cc][Ee] [Cc][Aa][Ll][Ll]|[Rr][Ee][Ff][Ee][Rr][Ee][Nn][Cc][Ee]|[Cc][Uu][Ss][Tt][Oo][Mm][Ee][Rr] [Ss][Tt][Oo][Rr][Yy]|[Ss][Uu][Cc][Cc][Ee][Ss][Ss] [Ss][Tt][Oo][Rr][Yy]|[Tt][Ee][Ss][Tt][Ii][Mm][Oo][Nn][Ii][Aa][Ll])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND (COALESCE(v_done = TRUE, FALSE)))
),
g20 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m20 m
  GROUP BY m.account
),
e20 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m20
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m21 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day, CASE WHEN ((f_description IS NOT NULL)) THEN 1 ELSE 0 END AS k_hit
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20269
    AND ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Mm][Ee][Ee][Tt][Ii][Nn][Gg]|[Mm][Ee][Ee][Tt]|[Ee][Vv][Ee][Nn][Tt]|[Vv][Ii][Ss][Ii][Tt]|[Ss][Ii][Tt][Ee] [Vv][Ii][Ss][Ii][Tt]|[Ll][Uu][Nn][Cc][Hh]|[Dd][Ii][Nn][Nn][Ee][Rr]|[Qq][Bb][Rr]|[Rr][Ee][Vv][Ii][Ee][Ww]|[Ww][Oo][Rr][Kk][Ss][Hh][Oo][Pp]|[Dd][Ee][Mm][Oo]|[Oo][Nn][Ss][Ii][Tt][Ee]|[Oo][Nn]-[Ss][Ii][Tt][Ee]|[Pp][Rr][Ee][Ss][Ee][Nn][Tt][Aa][Tt][Ii][Oo][Nn]|[Bb][Rr][Ii][Ee][Ff][Ii][Nn][Gg]|[Ss][Ee][Ss][Ss][Ii][Oo][Nn]|[Cc][Oo][Nn][Ff][Ee][Rr][Ee][Nn][Cc][Ee])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Mm][Ee][Ee][Tt][Ii][Nn][Gg]|[Mm][Ee][Ee][Tt]|[Ee][Vv][Ee][Nn][Tt]|[Vv][Ii][Ss][Ii][Tt]|[Ss][Ii][Tt][Ee] [Vv][Ii][Ss][Ii][Tt]|[Ll][Uu][Nn][Cc][Hh]|[Dd][Ii][Nn][Nn][Ee][Rr]|[Qq][Bb][Rr]|[Rr][Ee][Vv][Ii][Ee][Ww]|[Ww][Oo][Rr][Kk][Ss][Hh][Oo][Pp]|[Dd][Ee][Mm][Oo]|[Oo][Nn][Ss][Ii][Tt][Ee]|[Oo][Nn]-[Ss][Ii][Tt][Ee]|[Pp][Rr][Ee][Ss][Ee][Nn][Tt][Aa][Tt][Ii][Oo][Nn]|[Bb][Rr][Ii][Ee][Ff][Ii][Nn][Gg]|[Ss][Ee][Ss][Ss][Ii][Oo][Nn]|[Cc][Oo][Nn][Ff][Ee][Rr][Ee][Nn][Cc][Ee])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND NOT (COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Aa][Ss][Kk]|[Tt][Oo][Dd][Oo]|[Tt][Oo]-[Dd][Oo])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Aa][Ss][Kk]|[Tt][Oo][Dd][Oo]|[Tt][Oo]-[Dd][Oo])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND (COALESCE(v_done = TRUE, FALSE)))
),
g21 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m21 m
  GROUP BY m.account
),
e21 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m21
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m22 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day, CASE WHEN ((COALESCE(regexp_matches(f_description, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Nn][Ee][Xx][Tt] [Ss][Tt][Ee][Pp]|[Nn][Ee][Xx][Tt] [Ss][Tt][Ee][Pp][Ss]|[Aa][Gg][Rr][Ee][Ee][Dd]|[Oo][Uu][Tt][Cc][Oo][Mm][Ee]|[Dd][Ee][Cc][Ii][Ss][Ii][Oo][Nn]|[Dd][Ee][Cc][Ii][Dd][Ee][Dd]|[Ff][Oo][Ll][Ll][Oo][Ww]-[Uu][Pp]|[Ff][Oo][Ll][Ll][Oo][Ww] [Uu][Pp]|[Oo][Ww][Nn][Ee][Rr]:|[Bb][Yy] [Ff][Rr][Ii][Dd][Aa][Yy]|[Dd][Ee][Aa][Dd][Ll][Ii][Nn][Ee])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Aa][Cc][Tt][Ii][Oo][Nn] [Ii][Tt][Ee][Mm])'), FALSE))) THEN 1 ELSE 0 END AS k_hit
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20269
    AND ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Mm][Ee][Ee][Tt][Ii][Nn][Gg]|[Mm][Ee][Ee][Tt]|[Ee][Vv][Ee][Nn][Tt]|[Vv][Ii][Ss][Ii][Tt]|[Ss][Ii][Tt][Ee] [Vv][Ii][Ss][Ii][Tt]|[Ll][Uu][Nn][Cc][Hh]|[Dd][Ii][Nn][Nn][Ee][Rr]|[Qq][Bb][Rr]|[Rr][Ee][Vv][Ii][Ee][Ww]|[Ww][Oo][Rr][Kk][Ss][Hh][Oo][Pp]|[Dd][Ee][Mm][Oo]|[Oo][Nn][Ss][Ii][Tt][Ee]|[Oo][Nn]-[Ss][Ii][Tt][Ee]|[Pp][Rr][Ee][Ss][Ee][Nn][Tt][Aa][Tt][Ii][Oo][Nn]|[Bb][Rr][Ii][Ee][Ff][Ii][Nn][Gg]|[Ss][Ee][Ss][Ss][Ii][Oo][Nn]|[Cc][Oo][Nn][Ff][Ee][Rr][Ee][Nn][Cc][Ee])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Mm][Ee][Ee][Tt][Ii][Nn][Gg]|[Mm][Ee][Ee][Tt]|[Ee][Vv][Ee][Nn][Tt]|[Vv][Ii][Ss][Ii][Tt]|[Ss][Ii][Tt][Ee] [Vv][Ii][Ss][Ii][Tt]|[Ll][Uu][Nn][Cc][Hh]|[Dd][Ii][Nn][Nn][Ee][Rr]|[Qq][Bb][Rr]|[Rr][Ee][Vv][Ii][Ee][Ww]|[Ww][Oo][Rr][Kk][Ss][Hh][Oo][Pp]|[Dd][Ee][Mm][Oo]|[Oo][Nn][Ss][Ii][Tt][Ee]|[Oo][Nn]-[Ss][Ii][Tt][Ee]|[Pp][Rr][Ee][Ss][Ee][Nn][Tt][Aa][Tt][Ii][Oo][Nn]|[Bb][Rr][Ii][Ee][Ff][Ii][Nn][Gg]|[Ss][Ee][Ss][Ss][Ii][Oo][Nn]|[Cc][Oo][Nn][Ff][Ee][Rr][Ee][Nn][Cc][Ee])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND NOT (COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Aa][Ss][Kk]|[Tt][Oo][Dd][Oo]|[Tt][Oo]-[Dd][Oo])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Aa][Ss][Kk]|[Tt][Oo][Dd][Oo]|[Tt][Oo]-[Dd][Oo])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND (COALESCE(v_done = TRUE, FALSE)))
),
g22 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m22 m
  GROUP BY m.account
),
e22 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m22
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m23 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day, CASE WHEN ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Mm][Ii][Ss][Ll][Ee][Dd]|[Mm][Ii][Ss][Ll][Ee][Aa][Dd][Ii][Nn][Gg]|[Mm][Ii][Ss]-[Ss][Oo][Ll][Dd]|[Mm][Ii][Ss][Ss][Oo][Ll][Dd]|[Nn][Oo][Tt] [Aa][Ss] [Pp][Rr][Oo][Mm][Ii][Ss][Ee][Dd]|[Ff][Aa][Ll][Ss][Ee] [Pp][Rr][Oo][Mm][Ii][Ss][Ee]|[Bb][Ii][Ll][Ll][Ii][Nn][Gg] [Dd][Ii][Ss][Pp][Uu][Tt][Ee]|[Ww][Rr][Oo][Nn][Gg] [Ii][Nn][Vv][Oo][Ii][Cc][Ee]|[Ii][Nn][Cc][Oo][Rr][Rr][Ee][Cc][Tt] [Ii][Nn][Vv][Oo][Ii][Cc][Ee]|[Ll][Ii][Ee][Dd]|[Ll][Ii][Ee])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Dd][Ii][Ss][Pp][Uu][Tt][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Hh][Ii][Dd][Dd][Ee][Nn] [Ff][Ee][Ee])'), FALSE) OR COALESCE(regexp_matches(f_reason, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Mm][Ii][Ss][Ll][Ee][Dd]|[Mm][Ii][Ss][Ll][Ee][Aa][Dd][Ii][Nn][Gg]|[Mm][Ii][Ss]-[Ss][Oo][Ll][Dd]|[Mm][Ii][Ss][Ss][Oo][Ll][Dd]|[Nn][Oo][Tt] [Aa][Ss] [Pp][Rr][Oo][Mm][Ii][Ss][Ee][Dd]|[Ff][Aa][Ll][Ss][Ee] [Pp][Rr][Oo][Mm][Ii][Ss][Ee]|[Bb][Ii][Ll][Ll][Ii][Nn][Gg] [Dd][Ii][Ss][Pp][Uu][Tt][Ee]|[Ww][Rr][Oo][Nn][Gg] [Ii][Nn][Vv][Oo][Ii][Cc][Ee]|[Ii][Nn][Cc][Oo][Rr][Rr][Ee][Cc][Tt] [Ii][Nn][Vv][Oo][Ii][Cc][Ee]|[Ll][Ii][Ee][Dd]|[Ll][Ii][Ee])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Dd][Ii][Ss][Pp][Uu][Tt][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Hh][Ii][Dd][Dd][Ee][Nn] [Ff][Ee][Ee])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Mm][Ii][Ss][Ll][Ee][Dd]|[Mm][Ii][Ss][Ll][Ee][Aa][Dd][Ii][Nn][Gg]|[Mm][Ii][Ss]-[Ss][Oo][Ll][Dd]|[Mm][Ii][Ss][Ss][Oo][Ll][Dd]|[Nn][Oo][Tt] [Aa][Ss] [Pp][Rr][Oo][Mm][Ii][Ss][Ee][Dd]|[Ff][Aa][Ll][Ss][Ee] [Pp][Rr][Oo][Mm][Ii][Ss][Ee]|[Bb][Ii][Ll][Ll][Ii][Nn][Gg] [Dd][Ii][Ss][Pp][Uu][Tt][Ee]|[Ww][Rr][Oo][Nn][Gg] [Ii][Nn][Vv][Oo][Ii][Cc][Ee]|[Ii][Nn][Cc][Oo][Rr][Rr][Ee][Cc][Tt] [Ii][Nn][Vv][Oo][Ii][Cc][Ee]|[Ll][Ii][Ee][Dd]|[Ll][Ii][Ee])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Dd][Ii][Ss][Pp][Uu][Tt][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Hh][Ii][Dd][Dd][Ee][Nn] [Ff][Ee][Ee])'), FALSE) OR COALESCE(regexp_matches(f_description, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Mm][Ii][Ss][Ll][Ee][Dd]|[Mm][Ii][Ss][Ll][Ee][Aa][Dd][Ii][Nn][Gg]|[Mm][Ii][Ss]-[Ss][Oo][Ll][Dd]|[Mm][Ii][Ss][Ss][Oo][Ll][Dd]|[Nn][Oo][Tt] [Aa][Ss] [Pp][Rr][Oo][Mm][Ii][Ss][Ee][Dd]|[Ff][Aa][Ll][Ss][Ee] [Pp][Rr][Oo][Mm][Ii][Ss][Ee]|[Bb][Ii][Ll][Ll][Ii][Nn][Gg] [Dd][Ii][Ss][Pp][Uu][Tt][Ee]|[Ww][Rr][Oo][Nn][Gg] [Ii][Nn][Vv][Oo][Ii][Cc][Ee]|[Ii][Nn][Cc][Oo][Rr][Rr][Ee][Cc][Tt] [Ii][Nn][Vv][Oo][Ii][Cc][Ee]|[Ll][Ii][Ee][Dd]|[Ll][Ii][Ee])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Dd][Ii][Ss][Pp][Uu][Tt][Ee]|[Oo][Vv][Ee][Rr][Cc][Hh][Aa][Rr][Gg]|[Hh][Ii][Dd][Dd][Ee][Nn] [Ff][Ee][Ee])'), FALSE))) THEN 1 ELSE 0 END AS k_hit
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND TRUE
),
g23 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m23 m
  GROUP BY m.account
),
e23 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m23
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m24 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20269
    AND ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Oo][Nn][Bb][Oo][Aa][Rr][Dd][Ii][Nn][Gg]|[Ee][Nn][Aa][Bb][Ll][Ee][Mm][Ee][Nn][Tt]|[Ww][Ee][Bb][Ii][Nn][Aa][Rr]|[Ww][Oo][Rr][Kk][Ss][Hh][Oo][Pp]|[Hh][Oo][Ww]-[Tt][Oo]|[Tt][Uu][Tt][Oo][Rr][Ii][Aa][Ll]|[Cc][Ee][Rr][Tt][Ii][Ff][Ii][Cc][Aa][Tt][Ii][Oo][Nn]|[Aa][Dd][Oo][Pp][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Rr][Aa][Ii][Nn]|[Bb][Ee][Ss][Tt] [Pp][Rr][Aa][Cc][Tt][Ii][Cc][Ee])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Oo][Nn][Bb][Oo][Aa][Rr][Dd][Ii][Nn][Gg]|[Ee][Nn][Aa][Bb][Ll][Ee][Mm][Ee][Nn][Tt]|[Ww][Ee][Bb][Ii][Nn][Aa][Rr]|[Ww][Oo][Rr][Kk][Ss][Hh][Oo][Pp]|[Hh][Oo][Ww]-[Tt][Oo]|[Tt][Uu][Tt][Oo][Rr][Ii][Aa][Ll]|[Cc][Ee][Rr][Tt][Ii][Ff][Ii][Cc][Aa][Tt][Ii][Oo][Nn]|[Aa][Dd][Oo][Pp][Tt][Ii][Oo][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Rr][Aa][Ii][Nn]|[Bb][Ee][Ss][Tt] [Pp][Rr][Aa][Cc][Tt][Ii][Cc][Ee])'), FALSE)) AND (COALESCE(v_done = TRUE, FALSE)))
),
g24 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m24 m
  GROUP BY m.account
),
e24 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m24
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m25 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20269
    AND ((COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Rr][Oo][Ii]|[Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Vv][Aa][Ll][Uu][Ee]|[Vv][Aa][Ll][Uu][Ee] [Rr][Ee][Vv][Ii][Ee][Ww]|[Vv][Aa][Ll][Uu][Ee] [Aa][Ss][Ss][Ee][Ss][Ss][Mm][Ee][Nn][Tt]|[Ss][Aa][Vv][Ii][Nn][Gg][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Cc][Aa][Ss][Ee]|[Tt][Cc][Oo]|[Rr][Ee][Tt][Uu][Rr][Nn] [Oo][Nn] [Ii][Nn][Vv][Ee][Ss][Tt][Mm][Ee][Nn][Tt])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) OR COALESCE(regexp_matches(f_description, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Rr][Oo][Ii]|[Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Vv][Aa][Ll][Uu][Ee]|[Vv][Aa][Ll][Uu][Ee] [Rr][Ee][Vv][Ii][Ee][Ww]|[Vv][Aa][Ll][Uu][Ee] [Aa][Ss][Ss][Ee][Ss][Ss][Mm][Ee][Nn][Tt]|[Ss][Aa][Vv][Ii][Nn][Gg][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Cc][Aa][Ss][Ee]|[Tt][Cc][Oo]|[Rr][Ee][Tt][Uu][Rr][Nn] [Oo][Nn] [Ii][Nn][Vv][Ee][Ss][Tt][Mm][Ee][Nn][Tt])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND (COALESCE(v_done = TRUE, FALSE)))
),
g25 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m25 m
  GROUP BY m.account
),
e25 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m25
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m26 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20269
    AND ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Qq][Bb][Rr]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Rr][Ee][Vv][Ii][Ee][Ww]|[Ee][Bb][Rr]|[Ee][Xx][Ee][Cc][Uu][Tt][Ii][Vv][Ee] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Nn][Nn][Uu][Aa][Ll] [Rr][Ee][Vv][Ii][Ee][Ww])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Pp][Ll][Aa][Nn])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Qq][Bb][Rr]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Qq][Uu][Aa][Rr][Tt][Ee][Rr][Ll][Yy] [Rr][Ee][Vv][Ii][Ee][Ww]|[Ee][Bb][Rr]|[Ee][Xx][Ee][Cc][Uu][Tt][Ii][Vv][Ee] [Bb][Uu][Ss][Ii][Nn][Ee][Ss][Ss] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Rr][Ee][Vv][Ii][Ee][Ww]|[Aa][Nn][Nn][Uu][Aa][Ll] [Rr][Ee][Vv][Ii][Ee][Ww])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Aa][Cc][Cc][Oo][Uu][Nn][Tt] [Pp][Ll][Aa][Nn])'), FALSE)) AND (COALESCE(v_done = TRUE, FALSE)))
),
g26 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m26 m
  GROUP BY m.account
),
e26 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m26
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m27 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day, CASE WHEN ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Bb][Ii][Ll][Ll][Ii][Nn][Gg]|[Bb][Ii][Ll][Ll]|[Oo][Rr][Dd][Ee][Rr] [Pp][Oo][Rr][Tt][Aa][Ll]|[Oo][Rr][Dd][Ee][Rr][Ii][Nn][Gg]|[Cc][Aa][Nn][Nn][Oo][Tt] [Ll][Oo][Gg] [Ii][Nn]|[Cc][Aa][Nn]''[Tt] [Ll][Oo][Gg] [Ii][Nn]|[Cc][Aa][Nn][Nn][Oo][Tt] [Ll][Oo][Gg][Ii][Nn]|[Ll][Oo][Gg][Ii][Nn]|[Ll][Oo][Gg]-[Ii][Nn]|[Ll][Oo][Cc][Kk][Ee][Dd] [Oo][Uu][Tt]|[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]|[Pp][Uu][Rr][Cc][Hh][Aa][Ss][Ee] [Oo][Rr][Dd][Ee][Rr]|[Cc][Hh][Ee][Cc][Kk][Oo][Uu][Tt]|[Pp][Oo][Rr][Tt][Aa][Ll] [Dd][Oo][Ww][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ii][Nn][Vv][Oo][Ii][Cc][Ee]|[Pp][Aa][Yy][Mm][Ee][Nn][Tt])'), FALSE) OR COALESCE(regexp_matches(f_reason, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Bb][Ii][Ll][Ll][Ii][Nn][Gg]|[Bb][Ii][Ll][Ll]|[Oo][Rr][Dd][Ee][Rr] [Pp][Oo][Rr][Tt][Aa][Ll]|[Oo][Rr][Dd][Ee][Rr][Ii][Nn][Gg]|[Cc][Aa][Nn][Nn][Oo][Tt] [Ll][Oo][Gg] [Ii][Nn]|[Cc][Aa][Nn]''[Tt] [Ll][Oo][Gg] [Ii][Nn]|[Cc][Aa][Nn][Nn][Oo][Tt] [Ll][Oo][Gg][Ii][Nn]|[Ll][Oo][Gg][Ii][Nn]|[Ll][Oo][Gg]-[Ii][Nn]|[Ll][Oo][Cc][Kk][Ee][Dd] [Oo][Uu][Tt]|[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]|[Pp][Uu][Rr][Cc][Hh][Aa][Ss][Ee] [Oo][Rr][Dd][Ee][Rr]|[Cc][Hh][Ee][Cc][Kk][Oo][Uu][Tt]|[Pp][Oo][Rr][Tt][Aa][Ll] [Dd][Oo][Ww][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ii][Nn][Vv][Oo][Ii][Cc][Ee]|[Pp][Aa][Yy][Mm][Ee][Nn][Tt])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Bb][Ii][Ll][Ll][Ii][Nn][Gg]|[Bb][Ii][Ll][Ll]|[Oo][Rr][Dd][Ee][Rr] [Pp][Oo][Rr][Tt][Aa][Ll]|[Oo][Rr][Dd][Ee][Rr][Ii][Nn][Gg]|[Cc][Aa][Nn][Nn][Oo][Tt] [Ll][Oo][Gg] [Ii][Nn]|[Cc][Aa][Nn]''[Tt] [Ll][Oo][Gg] [Ii][Nn]|[Cc][Aa][Nn][Nn][Oo][Tt] [Ll][Oo][Gg][Ii][Nn]|[Ll][Oo][Gg][Ii][Nn]|[Ll][Oo][Gg]-[Ii][Nn]|[Ll][Oo][Cc][Kk][Ee][Dd] [Oo][Uu][Tt]|[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]|[Pp][Uu][Rr][Cc][Hh][Aa][Ss][Ee] [Oo][Rr][Dd][Ee][Rr]|[Cc][Hh][Ee][Cc][Kk][Oo][Uu][Tt]|[Pp][Oo][Rr][Tt][Aa][Ll] [Dd][Oo][Ww][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ii][Nn][Vv][Oo][Ii][Cc][Ee]|[Pp][Aa][Yy][Mm][Ee][Nn][Tt])'), FALSE))) THEN 1 ELSE 0 END AS k_hit
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND TRUE
),
g27 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m27 m
  GROUP BY m.account
),
e27 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m27
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m28 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day, (COALESCE(s_closed, CAST(1782864000.0 AS DOUBLE)) - s_created) / CAST(86400.0 AS DOUBLE) AS k_dur, CASE WHEN (COALESCE(s_closed, CAST(1782864000.0 AS DOUBLE)) - s_created) / CAST(86400.0 AS DOUBLE) <= CAST(7.0 AS DOUBLE) THEN 1 ELSE 0 END AS k_hit
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND TRUE
    AND ((COALESCE(s_closed, CAST(1782864000.0 AS DOUBLE)) - s_created) / CAST(86400.0 AS DOUBLE)) IS NOT NULL
),
g28 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m28 m
  GROUP BY m.account
),
e28 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m28
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m29 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day, CASE WHEN ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Ff][Rr][Ii][Ee][Nn][Dd][Ll][Yy]|[Ii][Mm][Pp][Oo][Ll][Ii][Tt][Ee]|[Aa][Tt][Tt][Ii][Tt][Uu][Dd][Ee]|[Uu][Nn][Pp][Rr][Oo][Ff][Ee][Ss][Ss][Ii][Oo][Nn][Aa][Ll]|[Aa][Rr][Rr][Oo][Gg][Aa][Nn][Tt]|[Cc][Oo][Nn][Dd][Ee][Ss][Cc][Ee][Nn][Dd][Ii][Nn][Gg]|[Hh][Uu][Nn][Gg] [Uu][Pp]|[Yy][Ee][Ll][Ll][Ee][Dd]|[Ss][Hh][Oo][Uu][Tt][Ee][Dd])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Rr][Uu][Dd][Ee]|[Dd][Ii][Ss][Rr][Ee][Ss][Pp][Ee][Cc][Tt])'), FALSE) OR COALESCE(regexp_matches(f_reason, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Ff][Rr][Ii][Ee][Nn][Dd][Ll][Yy]|[Ii][Mm][Pp][Oo][Ll][Ii][Tt][Ee]|[Aa][Tt][Tt][Ii][Tt][Uu][Dd][Ee]|[Uu][Nn][Pp][Rr][Oo][Ff][Ee][Ss][Ss][Ii][Oo][Nn][Aa][Ll]|[Aa][Rr][Rr][Oo][Gg][Aa][Nn][Tt]|[Cc][Oo][Nn][Dd][Ee][Ss][Cc][Ee][Nn][Dd][Ii][Nn][Gg]|[Hh][Uu][Nn][Gg] [Uu][Pp]|[Yy][Ee][Ll][Ll][Ee][Dd]|[Ss][Hh][Oo][Uu][Tt][Ee][Dd])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Rr][Uu][Dd][Ee]|[Dd][Ii][Ss][Rr][Ee][Ss][Pp][Ee][Cc][Tt])'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Ff][Rr][Ii][Ee][Nn][Dd][Ll][Yy]|[Ii][Mm][Pp][Oo][Ll][Ii][Tt][Ee]|[Aa][Tt][Tt][Ii][Tt][Uu][Dd][Ee]|[Uu][Nn][Pp][Rr][Oo][Ff][Ee][Ss][Ss][Ii][Oo][Nn][Aa][Ll]|[Aa][Rr][Rr][Oo][Gg][Aa][Nn][Tt]|[Cc][Oo][Nn][Dd][Ee][Ss][Cc][Ee][Nn][Dd][Ii][Nn][Gg]|[Hh][Uu][Nn][Gg] [Uu][Pp]|[Yy][Ee][Ll][Ll][Ee][Dd]|[Ss][Hh][Oo][Uu][Tt][Ee][Dd])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Rr][Uu][Dd][Ee]|[Dd][Ii][Ss][Rr][Ee][Ss][Pp][Ee][Cc][Tt])'), FALSE) OR COALESCE(regexp_matches(f_description, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Uu][Nn][Ff][Rr][Ii][Ee][Nn][Dd][Ll][Yy]|[Ii][Mm][Pp][Oo][Ll][Ii][Tt][Ee]|[Aa][Tt][Tt][Ii][Tt][Uu][Dd][Ee]|[Uu][Nn][Pp][Rr][Oo][Ff][Ee][Ss][Ss][Ii][Oo][Nn][Aa][Ll]|[Aa][Rr][Rr][Oo][Gg][Aa][Nn][Tt]|[Cc][Oo][Nn][Dd][Ee][Ss][Cc][Ee][Nn][Dd][Ii][Nn][Gg]|[Hh][Uu][Nn][Gg] [Uu][Pp]|[Yy][Ee][Ll][Ll][Ee][Dd]|[Ss][Hh][Oo][Uu][Tt][Ee][Dd])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Rr][Uu][Dd][Ee]|[Dd][Ii][Ss][Rr][Ee][Ss][Pp][Ee][Cc][Tt])'), FALSE))) THEN 1 ELSE 0 END AS k_hit
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND TRUE
),
g29 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m29 m
  GROUP BY m.account
),
e29 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m29
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m30 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day, (COALESCE(s_first_response, CASE WHEN s_closed <= CAST(1782864000.0 AS DOUBLE) THEN s_closed END, CAST(1782864000.0 AS DOUBLE)) - s_created) / CAST(3600.0 AS DOUBLE) AS k_dur
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND TRUE
    AND ((COALESCE(s_first_response, CASE WHEN s_closed <= CAST(1782864000.0 AS DOUBLE) THEN s_closed END, CAST(1782864000.0 AS DOUBLE)) - s_created) / CAST(3600.0 AS DOUBLE)) IS NOT NULL
),
q30 AS (
  SELECT account, MAX(k_pos) AS k_pos,
    MAX(CASE WHEN k_rank = FLOOR(k_pos) THEN k_dur END) AS k_lo,
    MAX(CASE WHEN k_rank = CEIL(k_pos) THEN k_dur END) AS k_hi
  FROM (
    SELECT account, k_dur,
      ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_dur) - 1 AS k_rank,
      CAST(0.5 AS DOUBLE) * CAST(COUNT(*) OVER (PARTITION BY account) - 1 AS DOUBLE) AS k_pos
    FROM m30
  ) t
  GROUP BY account
),
g30 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits, MAX(q.k_lo + (q.k_hi - q.k_lo) * (q.k_pos - FLOOR(q.k_pos))) AS k_agg
  FROM m30 m
  JOIN q30 q ON q.account = m.account
  GROUP BY m.account
),
e30 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m30
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m31 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day, CAST(s_date AS BIGINT) AS k_ts
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20269
    AND d_date IS NOT NULL AND d_date <= 20634
    AND ((COALESCE(regexp_matches(f_direction, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ii][Nn][Bb][Oo][Uu][Nn][Dd]|[Ii][Nn][Cc][Oo][Mm][Ii][Nn][Gg]|[Ii][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)))
),
f31 AS (
  SELECT DISTINCT account, CAST(s_date AS BIGINT) AS f_ts, d_date AS f_day
  FROM rows_activities
  WHERE account IS NOT NULL AND d_date IS NOT NULL AND d_date <= 20634
    AND (NOT (COALESCE(regexp_matches(f_direction, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ii][Nn][Bb][Oo][Uu][Nn][Dd]|[Ii][Nn][Cc][Oo][Mm][Ii][Nn][Gg]|[Ii][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND NOT (COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Aa][Ss][Kk]|[Tt][Oo][Dd][Oo]|[Tt][Oo]-[Dd][Oo])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Aa][Ss][Kk]|[Tt][Oo][Dd][Oo]|[Tt][Oo]-[Dd][Oo])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND (COALESCE(v_done = TRUE, FALSE)))
),
a31 AS (
  SELECT s.account, s.k_ts, MIN(f.f_ts) AS a_ts
  FROM (SELECT DISTINCT account, k_ts, k_day FROM m31) s
  LEFT JOIN f31 f ON f.account = s.account AND f.f_day >= s.k_day
    AND (f.f_ts >= s.k_ts OR f.f_ts = s.k_day * 86400)
  GROUP BY s.account, s.k_ts
),
w31 AS (
  SELECT m.*,
    CASE WHEN a.a_ts IS NULL THEN CAST(1782864000 - m.k_ts AS DOUBLE) / CAST(3600.0 AS DOUBLE)
      WHEN m.k_ts = m.k_day * 86400 OR a.a_ts = CAST(FLOOR(CAST(a.a_ts AS DOUBLE) / 86400) AS BIGINT) * 86400 THEN CAST(CAST(FLOOR(CAST(a.a_ts AS DOUBLE) / 86400) AS BIGINT) - m.k_day AS DOUBLE) * CAST(24.0 AS DOUBLE)
      ELSE CAST(a.a_ts - m.k_ts AS DOUBLE) / CAST(3600.0 AS DOUBLE) END AS k_dur,
    CASE WHEN a.a_ts IS NULL THEN 0 ELSE 1 END AS k_hit
  FROM m31 m
  JOIN a31 a ON a.account = m.account AND a.k_ts = m.k_ts
),
q31 AS (
  SELECT account, MAX(k_pos) AS k_pos,
    MAX(CASE WHEN k_rank = FLOOR(k_pos) THEN k_dur END) AS k_lo,
    MAX(CASE WHEN k_rank = CEIL(k_pos) THEN k_dur END) AS k_hi
  FROM (
    SELECT account, k_dur,
      ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_dur) - 1 AS k_rank,
      CAST(0.5 AS DOUBLE) * CAST(COUNT(*) OVER (PARTITION BY account) - 1 AS DOUBLE) AS k_pos
    FROM w31
  ) t
  GROUP BY account
),
g31 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits, MAX(q.k_lo + (q.k_hi - q.k_lo) * (q.k_pos - FLOOR(q.k_pos))) AS k_agg
  FROM w31 m
  JOIN q31 q ON q.account = m.account
  GROUP BY m.account
),
e31 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m31
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m32 AS (
  SELECT account, contact, contact_name, o1, o2, d_promised AS k_day, (COALESCE(s_delivered, CAST(1782864000.0 AS DOUBLE)) - s_promised) / CAST(86400.0 AS DOUBLE) AS k_dur, CASE WHEN (COALESCE(s_delivered, CAST(1782864000.0 AS DOUBLE)) - s_promised) / CAST(86400.0 AS DOUBLE) <= CAST(0.0 AS DOUBLE) THEN 1 ELSE 0 END AS k_hit
  FROM rows_orders
  WHERE account IS NOT NULL
    AND d_promised IS NOT NULL AND d_promised <= 20634 AND d_promised > 20269
    AND TRUE
    AND ((COALESCE(s_delivered, CAST(1782864000.0 AS DOUBLE)) - s_promised) / CAST(86400.0 AS DOUBLE)) IS NOT NULL
),
g32 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m32 m
  GROUP BY m.account
),
e32 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m32
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m33 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day, CASE WHEN ((COALESCE(v_is_escalated = FALSE, FALSE))) THEN 1 ELSE 0 END AS k_hit
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND ((COALESCE(v_is_closed = TRUE, FALSE)))
),
g33 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m33 m
  GROUP BY m.account
),
e33 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m33
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m34 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20269
    AND (NOT (COALESCE(regexp_matches(f_direction, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Ii][Nn][Bb][Oo][Uu][Nn][Dd]|[Ii][Nn][Cc][Oo][Mm][Ii][Nn][Gg]|[Ii][Nn])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND NOT (COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Aa][Ss][Kk]|[Tt][Oo][Dd][Oo]|[Tt][Oo]-[Dd][Oo])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Aa][Ss][Kk]|[Tt][Oo][Dd][Oo]|[Tt][Oo]-[Dd][Oo])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND (COALESCE(v_done = TRUE, FALSE)))
),
g34 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m34 m
  GROUP BY m.account
),
e34 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m34
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m35 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20454
    AND ((COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Rr][Oo][Aa][Dd][Mm][Aa][Pp]|[Nn][Ee][Ww] [Rr][Ee][Ll][Ee][Aa][Ss][Ee]|[Ww][Hh][Aa][Tt]''[Ss] [Nn][Ee][Ww]|[Ll][Aa][Uu][Nn][Cc][Hh]|[Uu][Pp][Gg][Rr][Aa][Dd][Ee] [Pp][Aa][Tt][Hh]|[Nn][Ee][Ww] [Vv][Ee][Rr][Ss][Ii][Oo][Nn]|[Aa][Nn][Nn][Oo][Uu][Nn][Cc][Ee][Mm][Ee][Nn][Tt]|[Pp][Rr][Ii][Cc][Ee] [Cc][Hh][Aa][Nn][Gg][Ee]|[Ee][Nn][Dd] [Oo][Ff] [Ll][Ii][Ff][Ee])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Pp][Rr][Oo][Dd][Uu][Cc][Tt] [Uu][Pp][Dd][Aa][Tt][Ee]|[Rr][Ee][Ll][Ee][Aa][Ss][Ee] [Nn][Oo][Tt][Ee]|[Nn][Ee][Ww] [Ff][Ee][Aa][Tt][Uu][Rr][Ee])'), FALSE) OR COALESCE(regexp_matches(f_description, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Rr][Oo][Aa][Dd][Mm][Aa][Pp]|[Nn][Ee][Ww] [Rr][Ee][Ll][Ee][Aa][Ss][Ee]|[Ww][Hh][Aa][Tt]''[Ss] [Nn][Ee][Ww]|[Ll][Aa][Uu][Nn][Cc][Hh]|[Uu][Pp][Gg][Rr][Aa][Dd][Ee] [Pp][Aa][Tt][Hh]|[Nn][Ee][Ww] [Vv][Ee][Rr][Ss][Ii][Oo][Nn]|[Aa][Nn][Nn][Oo][Uu][Nn][Cc][Ee][Mm][Ee][Nn][Tt]|[Pp][Rr][Ii][Cc][Ee] [Cc][Hh][Aa][Nn][Gg][Ee]|[Ee][Nn][Dd] [Oo][Ff] [Ll][Ii][Ff][Ee])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)|(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Pp][Rr][Oo][Dd][Uu][Cc][Tt] [Uu][Pp][Dd][Aa][Tt][Ee]|[Rr][Ee][Ll][Ee][Aa][Ss][Ee] [Nn][Oo][Tt][Ee]|[Nn][Ee][Ww] [Ff][Ee][Aa][Tt][Uu][Rr][Ee])'), FALSE)) AND (COALESCE(v_done = TRUE, FALSE)))
),
g35 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m35 m
  GROUP BY m.account
),
e35 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m35
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m36 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day, CASE WHEN ((COALESCE(v_is_closed = TRUE, FALSE))) THEN 1 ELSE 0 END AS k_hit
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20269
    AND ((COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Aa][Ss][Kk]|[Tt][Oo][Dd][Oo]|[Tt][Oo]-[Dd][Oo])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND (v_is_closed IS NOT NULL))
),
g36 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, SUM(m.k_hit) AS n_hits
  FROM m36 m
  GROUP BY m.account
),
e36 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m36
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m37 AS (
  SELECT account, contact, contact_name, o1, o2, d_date AS k_day, translate(f_contact_id, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS k_value
  FROM rows_activities
  WHERE account IS NOT NULL
    AND d_date IS NOT NULL AND d_date <= 20634 AND d_date > 20454
    AND (NOT (COALESCE(regexp_matches(f_type, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Aa][Ss][Kk]|[Tt][Oo][Dd][Oo]|[Tt][Oo]-[Dd][Oo])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE) OR COALESCE(regexp_matches(f_subject, '(?:^|[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])(?:[Tt][Aa][Ss][Kk]|[Tt][Oo][Dd][Oo]|[Tt][Oo]-[Dd][Oo])(?:[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)'), FALSE)) AND (COALESCE(v_done = TRUE, FALSE)))
    AND f_contact_id IS NOT NULL
),
g37 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits, COUNT(DISTINCT m.k_value) AS k_agg
  FROM m37 m
  GROUP BY m.account
),
e37 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m37
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m38 AS (
  SELECT account, contact, contact_name, o1, o2, d_close_date AS k_day
  FROM rows_deals
  WHERE account IS NOT NULL
    AND d_close_date IS NOT NULL AND d_close_date <= 20634 AND d_close_date > 19904
    AND d_close_date IS NOT NULL AND d_close_date <= 20634
    AND ((COALESCE(v_is_won = TRUE, FALSE)))
),
f38 AS (
  SELECT DISTINCT account, d_date AS f_day
  FROM rows_activities
  WHERE account IS NOT NULL AND d_date IS NOT NULL AND d_date <= 20634
    AND ((COALESCE(v_done = TRUE, FALSE)))
),
fs38 AS (
  SELECT s.account, s.k_day, MAX(CASE WHEN f.account IS NULL THEN 0 ELSE 1 END) AS k_followed
  FROM (SELECT DISTINCT account, k_day FROM m38) s
  LEFT JOIN f38 f ON f.account = s.account AND f.f_day >= s.k_day AND f.f_day <= s.k_day + 90
  GROUP BY s.account, s.k_day
),
g38 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, SUM(CASE WHEN (history_activities.first_day IS NULL OR m.k_day >= history_activities.first_day) AND (fs.k_followed = 1 OR m.k_day + 90 < 20634) THEN 1 ELSE 0 END) AS n_rows, SUM(CASE WHEN (history_activities.first_day IS NULL OR m.k_day >= history_activities.first_day) THEN fs.k_followed ELSE 0 END) AS n_hits
  FROM m38 m
  JOIN fs38 fs ON fs.account = m.account AND fs.k_day = m.k_day
  CROSS JOIN history_activities
  GROUP BY m.account
),
e38 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m38
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m39 AS (
  SELECT account, contact, contact_name, o1, o2, d_close_date AS k_day
  FROM rows_deals
  WHERE account IS NOT NULL
    AND d_close_date IS NOT NULL AND d_close_date <= 20634 AND d_close_date > 19539
    AND ((COALESCE(v_is_won = TRUE, FALSE)))
),
g39 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m39 m
  GROUP BY m.account
),
e39 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m39
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m40 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day
  FROM rows_contacts
  WHERE account IS NOT NULL
    AND TRUE
),
g40 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m40 m
  GROUP BY m.account
),
e40 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m40
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m41 AS (
  SELECT account, contact, contact_name, o1, o2, d_created AS k_day, (COALESCE(s_closed, CAST(1782864000.0 AS DOUBLE)) - s_created) / CAST(3600.0 AS DOUBLE) AS k_dur
  FROM rows_tickets
  WHERE account IS NOT NULL
    AND d_created IS NOT NULL AND d_created <= 20634 AND d_created > 20269
    AND TRUE
    AND ((COALESCE(s_closed, CAST(1782864000.0 AS DOUBLE)) - s_created) / CAST(3600.0 AS DOUBLE)) IS NOT NULL
),
q41 AS (
  SELECT account, MAX(k_pos) AS k_pos,
    MAX(CASE WHEN k_rank = FLOOR(k_pos) THEN k_dur END) AS k_lo,
    MAX(CASE WHEN k_rank = CEIL(k_pos) THEN k_dur END) AS k_hi
  FROM (
    SELECT account, k_dur,
      ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_dur) - 1 AS k_rank,
      CAST(0.5 AS DOUBLE) * CAST(COUNT(*) OVER (PARTITION BY account) - 1 AS DOUBLE) AS k_pos
    FROM m41
  ) t
  GROUP BY account
),
g41 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits, MAX(q.k_lo + (q.k_hi - q.k_lo) * (q.k_pos - FLOOR(q.k_pos))) AS k_agg
  FROM m41 m
  JOIN q41 q ON q.account = m.account
  GROUP BY m.account
),
e41 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m41
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
m42 AS (
  SELECT account, contact, contact_name, o1, o2, d_close_date AS k_day
  FROM rows_deals
  WHERE account IS NOT NULL
    AND ((COALESCE(v_is_closed = FALSE, FALSE)))
),
g42 AS (
  SELECT m.account, MAX(m.k_day) AS last_day, MIN(m.k_day) AS first_day, COUNT(*) AS n_rows, 0 AS n_hits
  FROM m42 m
  GROUP BY m.account
),
e42 AS (
  SELECT account, contact, contact_name FROM (
    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, contact ASC, contact_name ASC) AS rn
    FROM m42
    WHERE contact IS NOT NULL
  ) t
  WHERE rn = 1
),
pres_accounts AS (
  SELECT MAX(CASE WHEN f_type IS NOT NULL THEN 2 ELSE 1 END) AS p_type
  FROM src_accounts
),
pres_orders AS (
  SELECT MAX(CASE WHEN s_promised IS NOT NULL THEN 2 ELSE 1 END) AS p_promised, MAX(CASE WHEN s_delivered IS NOT NULL THEN 2 ELSE 1 END) AS p_delivered
  FROM src_orders
),
pres_deals AS (
  SELECT MAX(CASE WHEN f_stage IS NOT NULL THEN 2 ELSE 1 END) AS p_stage, MAX(CASE WHEN f_amount IS NOT NULL THEN 2 ELSE 1 END) AS p_amount, MAX(CASE WHEN s_close_date IS NOT NULL THEN 2 ELSE 1 END) AS p_close_date, MAX(CASE WHEN s_created IS NOT NULL THEN 2 ELSE 1 END) AS p_created, MAX(CASE WHEN b_is_closed IS NOT NULL THEN 2 ELSE 1 END) AS p_is_closed, MAX(CASE WHEN b_is_won IS NOT NULL THEN 2 ELSE 1 END) AS p_is_won, MAX(CASE WHEN f_loss_reason IS NOT NULL THEN 2 ELSE 1 END) AS p_loss_reason, MAX(CASE WHEN f_competitor IS NOT NULL THEN 2 ELSE 1 END) AS p_competitor
  FROM src_deals
),
pres_tickets AS (
  SELECT MAX(CASE WHEN f_subject IS NOT NULL THEN 2 ELSE 1 END) AS p_subject, MAX(CASE WHEN f_description IS NOT NULL THEN 2 ELSE 1 END) AS p_description, MAX(CASE WHEN f_type IS NOT NULL THEN 2 ELSE 1 END) AS p_type, MAX(CASE WHEN f_reason IS NOT NULL THEN 2 ELSE 1 END) AS p_reason, MAX(CASE WHEN f_status IS NOT NULL THEN 2 ELSE 1 END) AS p_status, MAX(CASE WHEN s_created IS NOT NULL THEN 2 ELSE 1 END) AS p_created, MAX(CASE WHEN s_closed IS NOT NULL THEN 2 ELSE 1 END) AS p_closed, MAX(CASE WHEN s_first_response IS NOT NULL THEN 2 ELSE 1 END) AS p_first_response, MAX(CASE WHEN b_is_closed IS NOT NULL THEN 2 ELSE 1 END) AS p_is_closed, MAX(CASE WHEN b_is_escalated IS NOT NULL THEN 2 ELSE 1 END) AS p_is_escalated
  FROM src_tickets
),
pres_activities AS (
  SELECT MAX(CASE WHEN f_contact_id IS NOT NULL THEN 2 ELSE 1 END) AS p_contact_id, MAX(CASE WHEN f_subject IS NOT NULL THEN 2 ELSE 1 END) AS p_subject, MAX(CASE WHEN f_description IS NOT NULL THEN 2 ELSE 1 END) AS p_description, MAX(CASE WHEN f_type IS NOT NULL THEN 2 ELSE 1 END) AS p_type, MAX(CASE WHEN f_direction IS NOT NULL THEN 2 ELSE 1 END) AS p_direction, MAX(CASE WHEN f_status IS NOT NULL THEN 2 ELSE 1 END) AS p_status, MAX(CASE WHEN s_date IS NOT NULL THEN 2 ELSE 1 END) AS p_date, MAX(CASE WHEN b_is_closed IS NOT NULL THEN 2 ELSE 1 END) AS p_is_closed
  FROM src_activities
),
pres_roles AS (
  SELECT MAX(CASE WHEN role_idx IS NULL THEN 0 ELSE 1 END) AS p_any FROM known_contacts
),
account_records AS (
  SELECT account, COUNT(*) AS n FROM (
    SELECT account FROM rows_contacts
    UNION ALL
    SELECT account FROM rows_contact_roles
    UNION ALL
    SELECT account FROM rows_orders
    UNION ALL
    SELECT account FROM rows_deals
    UNION ALL
    SELECT account FROM rows_tickets
    UNION ALL
    SELECT account FROM rows_activities
  ) j
  WHERE account IS NOT NULL
  GROUP BY account
)
SELECT
  a.id AS "account_id",
  a.name AS "account_name",
  a.f_owner AS "account_owner",
  CAST(COALESCE(rec.n, 0) AS BIGINT) AS "account_records",
  DATE '2026-06-30' AS "as_of",
  'a7e670b5644304c4' AS "rapport_plan",
  pc.contact AS "primary_contact_id",
  pc.contact_name AS "primary_contact_name",
  fc.id AS "first_contact_id",
  fc.name AS "first_contact_name",
  rc0.id AS "role_gatekeeper_contact_id",
  rc0.name AS "role_gatekeeper_contact_name",
  rc1.id AS "role_buyer_contact_id",
  rc1.name AS "role_buyer_contact_name",
  CAST(1 AS BIGINT) AS "present_accounts",
  CAST(1 AS BIGINT) AS "present_contacts",
  CAST(1 AS BIGINT) AS "present_contact_roles",
  CAST(1 AS BIGINT) AS "present_orders",
  CAST(1 AS BIGINT) AS "present_deals",
  CAST(1 AS BIGINT) AS "present_tickets",
  CAST(1 AS BIGINT) AS "present_activities",
  CAST(0 AS BIGINT) AS "present_subscriptions",
  CAST(0 AS BIGINT) AS "present_churn_events",
  CAST(COALESCE(pres_accounts.p_type, 1) AS BIGINT) AS "present_accounts__type",
  CAST(0 AS BIGINT) AS "present_contacts__contact_role",
  CAST(COALESCE(pres_orders.p_promised, 1) AS BIGINT) AS "present_orders__promised",
  CAST(COALESCE(pres_orders.p_delivered, 1) AS BIGINT) AS "present_orders__delivered",
  CAST(COALESCE(pres_deals.p_stage, 1) AS BIGINT) AS "present_deals__stage",
  CAST(COALESCE(pres_deals.p_amount, 1) AS BIGINT) AS "present_deals__amount",
  CAST(COALESCE(pres_deals.p_close_date, 1) AS BIGINT) AS "present_deals__close_date",
  CAST(COALESCE(pres_deals.p_created, 1) AS BIGINT) AS "present_deals__created",
  CAST(COALESCE(pres_deals.p_is_closed, 1) AS BIGINT) AS "present_deals__is_closed",
  CAST(COALESCE(pres_deals.p_is_won, 1) AS BIGINT) AS "present_deals__is_won",
  CAST(0 AS BIGINT) AS "present_deals__is_lost",
  CAST(COALESCE(pres_deals.p_loss_reason, 1) AS BIGINT) AS "present_deals__loss_reason",
  CAST(COALESCE(pres_deals.p_competitor, 1) AS BIGINT) AS "present_deals__competitor",
  CAST(COALESCE(pres_tickets.p_subject, 1) AS BIGINT) AS "present_tickets__subject",
  CAST(COALESCE(pres_tickets.p_description, 1) AS BIGINT) AS "present_tickets__description",
  CAST(COALESCE(pres_tickets.p_type, 1) AS BIGINT) AS "present_tickets__type",
  CAST(COALESCE(pres_tickets.p_reason, 1) AS BIGINT) AS "present_tickets__reason",
  CAST(COALESCE(pres_tickets.p_status, 1) AS BIGINT) AS "present_tickets__status",
  CAST(COALESCE(pres_tickets.p_created, 1) AS BIGINT) AS "present_tickets__created",
  CAST(COALESCE(pres_tickets.p_closed, 1) AS BIGINT) AS "present_tickets__closed",
  CAST(COALESCE(pres_tickets.p_first_response, 1) AS BIGINT) AS "present_tickets__first_response",
  CAST(COALESCE(pres_tickets.p_is_closed, 1) AS BIGINT) AS "present_tickets__is_closed",
  CAST(COALESCE(pres_tickets.p_is_escalated, 1) AS BIGINT) AS "present_tickets__is_escalated",
  CAST(COALESCE(pres_activities.p_contact_id, 1) AS BIGINT) AS "present_activities__contact_id",
  CAST(COALESCE(pres_activities.p_subject, 1) AS BIGINT) AS "present_activities__subject",
  CAST(COALESCE(pres_activities.p_description, 1) AS BIGINT) AS "present_activities__description",
  CAST(COALESCE(pres_activities.p_type, 1) AS BIGINT) AS "present_activities__type",
  CAST(COALESCE(pres_activities.p_direction, 1) AS BIGINT) AS "present_activities__direction",
  CAST(COALESCE(pres_activities.p_status, 1) AS BIGINT) AS "present_activities__status",
  CAST(COALESCE(pres_activities.p_date, 1) AS BIGINT) AS "present_activities__date",
  CAST(COALESCE(pres_activities.p_is_closed, 1) AS BIGINT) AS "present_activities__is_closed",
  CAST(0 AS BIGINT) AS "present_activities__done",
  CAST(0 AS BIGINT) AS "present_activities__contact_role",
  CAST(0 AS BIGINT) AS "present_subscriptions__end_date",
  CAST(0 AS BIGINT) AS "present_subscriptions__status",
  CAST(0 AS BIGINT) AS "present_churn_events__churn_date",
  CAST(0 AS BIGINT) AS "present_churn_events__reason",
  CAST(0 AS BIGINT) AS "present_churn_events__feedback",
  CAST(COALESCE(pres_roles.p_any, 0) AS BIGINT) AS "present_roles",
  CAST(DATE '1970-01-01' + CAST(history_accounts.first_day AS INTEGER) AS DATE) AS "present_accounts__history_first",
  CAST(DATE '1970-01-01' + CAST(history_accounts.last_day AS INTEGER) AS DATE) AS "present_accounts__history_last",
  CAST(DATE '1970-01-01' + CAST(history_contacts.first_day AS INTEGER) AS DATE) AS "present_contacts__history_first",
  CAST(DATE '1970-01-01' + CAST(history_contacts.last_day AS INTEGER) AS DATE) AS "present_contacts__history_last",
  CAST(NULL AS DATE) AS "present_orders__history_first",
  CAST(NULL AS DATE) AS "present_orders__history_last",
  CAST(DATE '1970-01-01' + CAST(history_deals.first_day AS INTEGER) AS DATE) AS "present_deals__history_first",
  CAST(DATE '1970-01-01' + CAST(history_deals.last_day AS INTEGER) AS DATE) AS "present_deals__history_last",
  CAST(DATE '1970-01-01' + CAST(history_tickets.first_day AS INTEGER) AS DATE) AS "present_tickets__history_first",
  CAST(DATE '1970-01-01' + CAST(history_tickets.last_day AS INTEGER) AS DATE) AS "present_tickets__history_last",
  CAST(DATE '1970-01-01' + CAST(history_activities.first_day AS INTEGER) AS DATE) AS "present_activities__history_first",
  CAST(DATE '1970-01-01' + CAST(history_activities.last_day AS INTEGER) AS DATE) AS "present_activities__history_last",
  CAST(NULL AS DATE) AS "present_subscriptions__history_first",
  CAST(NULL AS DATE) AS "present_subscriptions__history_last",
  CAST(NULL AS DATE) AS "present_churn_events__history_first",
  CAST(NULL AS DATE) AS "present_churn_events__history_last",
  CAST(COALESCE(g0.n_rows, 0) AS DOUBLE) AS "fact_costly_to_serve_1__value",
  CAST(COALESCE(g1.k_agg, 0) AS DOUBLE) AS "fact_costly_to_serve_2__value",
  CAST(COALESCE(g2.k_agg, 0) AS DOUBLE) AS "fact_costly_to_serve_3__value",
  CAST(COALESCE(g3.n_rows, 0) AS DOUBLE) AS "fact_existing_customer_1__value",
  CAST(COALESCE(g4.n_rows, 0) AS DOUBLE) AS "fact_existing_customer_2__value",
  CAST(NULL AS DOUBLE) AS "fact_existing_customer_3__value",
  CAST(COALESCE(g6.n_rows, 0) AS DOUBLE) AS "fact_open_complaint_1__value",
  CASE WHEN g7.n_rows > 0 THEN CAST(g7.n_hits AS DOUBLE) / CAST(g7.n_rows AS DOUBLE) END AS "price_loss__value",
  CAST(COALESCE(g7.n_rows, 0) AS BIGINT) AS "price_loss__rows",
  CAST(COALESCE(g7.n_hits, 0) AS BIGINT) AS "price_loss__hits",
  CAST(DATE '1970-01-01' + CAST(g7.last_day AS INTEGER) AS DATE) AS "price_loss__last",
  CAST(DATE '1970-01-01' + CAST(g7.first_day AS INTEGER) AS DATE) AS "price_loss__first",
  e7.contact AS "price_loss__contact_id",
  e7.contact_name AS "price_loss__contact_name",
  CAST(NULL AS DOUBLE) AS "price_loss_else_1__value",
  CAST(0 AS BIGINT) AS "price_loss_else_1__rows",
  CAST(0 AS BIGINT) AS "price_loss_else_1__hits",
  CAST(NULL AS DATE) AS "price_loss_else_1__last",
  CAST(NULL AS DATE) AS "price_loss_else_1__first",
  CAST(NULL AS VARCHAR) AS "price_loss_else_1__contact_id",
  CAST(NULL AS VARCHAR) AS "price_loss_else_1__contact_name",
  CAST(20634 - g9.last_day AS DOUBLE) AS "contact_recency__value",
  CAST(COALESCE(g9.n_rows, 0) AS BIGINT) AS "contact_recency__rows",
  CAST(COALESCE(g9.n_hits, 0) AS BIGINT) AS "contact_recency__hits",
  CAST(DATE '1970-01-01' + CAST(g9.last_day AS INTEGER) AS DATE) AS "contact_recency__last",
  CAST(DATE '1970-01-01' + CAST(g9.first_day AS INTEGER) AS DATE) AS "contact_recency__first",
  e9.contact AS "contact_recency__contact_id",
  e9.contact_name AS "contact_recency__contact_name",
  CASE WHEN g10.n_rows > 0 THEN CAST(g10.n_hits AS DOUBLE) / CAST(g10.n_rows AS DOUBLE) END AS "complaint_resolution__value",
  CAST(COALESCE(g10.n_rows, 0) AS BIGINT) AS "complaint_resolution__rows",
  CAST(COALESCE(g10.n_hits, 0) AS BIGINT) AS "complaint_resolution__hits",
  CAST(DATE '1970-01-01' + CAST(g10.last_day AS INTEGER) AS DATE) AS "complaint_resolution__last",
  CAST(DATE '1970-01-01' + CAST(g10.first_day AS INTEGER) AS DATE) AS "complaint_resolution__first",
  e10.contact AS "complaint_resolution__contact_id",
  e10.contact_name AS "complaint_resolution__contact_name",
  CASE WHEN g11.n_rows > 0 THEN CAST(g11.n_hits AS DOUBLE) / CAST(g11.n_rows AS DOUBLE) END AS "complaint_follow_up__value",
  CAST(COALESCE(g11.n_rows, 0) AS BIGINT) AS "complaint_follow_up__rows",
  CAST(COALESCE(g11.n_hits, 0) AS BIGINT) AS "complaint_follow_up__hits",
  CAST(DATE '1970-01-01' + CAST(g11.last_day AS INTEGER) AS DATE) AS "complaint_follow_up__last",
  CAST(DATE '1970-01-01' + CAST(g11.first_day AS INTEGER) AS DATE) AS "complaint_follow_up__first",
  e11.contact AS "complaint_follow_up__contact_id",
  e11.contact_name AS "complaint_follow_up__contact_name",
  CAST(COALESCE(g12.n_hits, 0) AS DOUBLE) AS "complaint_recurrence__value",
  CAST(COALESCE(g12.n_rows, 0) AS BIGINT) AS "complaint_recurrence__rows",
  CAST(COALESCE(g12.n_hits, 0) AS BIGINT) AS "complaint_recurrence__hits",
  CAST(DATE '1970-01-01' + CAST(g12.last_day AS INTEGER) AS DATE) AS "complaint_recurrence__last",
  CAST(DATE '1970-01-01' + CAST(g12.first_day AS INTEGER) AS DATE) AS "complaint_recurrence__first",
  e12.contact AS "complaint_recurrence__contact_id",
  e12.contact_name AS "complaint_recurrence__contact_name",
  CAST(COALESCE(g13.n_rows, 0) AS DOUBLE) AS "cost_to_serve__value",
  CAST(COALESCE(g13.n_rows, 0) AS BIGINT) AS "cost_to_serve__rows",
  CAST(COALESCE(g13.n_hits, 0) AS BIGINT) AS "cost_to_serve__hits",
  CAST(DATE '1970-01-01' + CAST(g13.last_day AS INTEGER) AS DATE) AS "cost_to_serve__last",
  CAST(DATE '1970-01-01' + CAST(g13.first_day AS INTEGER) AS DATE) AS "cost_to_serve__first",
  e13.contact AS "cost_to_serve__contact_id",
  e13.contact_name AS "cost_to_serve__contact_name",
  CAST(NULL AS DOUBLE) AS "complaint_then_downgrade__value",
  CAST(0 AS BIGINT) AS "complaint_then_downgrade__rows",
  CAST(0 AS BIGINT) AS "complaint_then_downgrade__hits",
  CAST(NULL AS DATE) AS "complaint_then_downgrade__last",
  CAST(NULL AS DATE) AS "complaint_then_downgrade__first",
  CAST(NULL AS VARCHAR) AS "complaint_then_downgrade__contact_id",
  CAST(NULL AS VARCHAR) AS "complaint_then_downgrade__contact_name",
  CAST(NULL AS DOUBLE) AS "renewal_with_open_complaint__value",
  CAST(0 AS BIGINT) AS "renewal_with_open_complaint__rows",
  CAST(0 AS BIGINT) AS "renewal_with_open_complaint__hits",
  CAST(NULL AS DATE) AS "renewal_with_open_complaint__last",
  CAST(NULL AS DATE) AS "renewal_with_open_complaint__first",
  CAST(NULL AS VARCHAR) AS "renewal_with_open_complaint__contact_id",
  CAST(NULL AS VARCHAR) AS "renewal_with_open_complaint__contact_name",
  CAST(COALESCE(g16.k_agg, 0) AS DOUBLE) AS "buyer_and_gatekeeper__value",
  CAST(COALESCE(g16.n_rows, 0) AS BIGINT) AS "buyer_and_gatekeeper__rows",
  CAST(COALESCE(g16.n_hits, 0) AS BIGINT) AS "buyer_and_gatekeeper__hits",
  CAST(DATE '1970-01-01' + CAST(g16.last_day AS INTEGER) AS DATE) AS "buyer_and_gatekeeper__last",
  CAST(DATE '1970-01-01' + CAST(g16.first_day AS INTEGER) AS DATE) AS "buyer_and_gatekeeper__first",
  e16.contact AS "buyer_and_gatekeeper__contact_id",
  e16.contact_name AS "buyer_and_gatekeeper__contact_name",
  CAST(COALESCE(g16.k_has0, 0) AS BIGINT) AS "buyer_and_gatekeeper__has_buyer",
  CAST(COALESCE(g16.k_has1, 0) AS BIGINT) AS "buyer_and_gatekeeper__has_gatekeeper",
  CAST(COALESCE(g17.k_agg, 0) AS DOUBLE) AS "key_roles_on_file__value",
  CAST(COALESCE(g17.n_rows, 0) AS BIGINT) AS "key_roles_on_file__rows",
  CAST(COALESCE(g17.n_hits, 0) AS BIGINT) AS "key_roles_on_file__hits",
  CAST(DATE '1970-01-01' + CAST(g17.last_day AS INTEGER) AS DATE) AS "key_roles_on_file__last",
  CAST(DATE '1970-01-01' + CAST(g17.first_day AS INTEGER) AS DATE) AS "key_roles_on_file__first",
  e17.contact AS "key_roles_on_file__contact_id",
  e17.contact_name AS "key_roles_on_file__contact_name",
  CAST(COALESCE(g17.k_has0, 0) AS BIGINT) AS "key_roles_on_file__has_buyer",
  CAST(COALESCE(g17.k_has1, 0) AS BIGINT) AS "key_roles_on_file__has_gatekeeper",
  CASE WHEN g18.n_rows > 0 THEN CAST(g18.n_hits AS DOUBLE) / CAST(g18.n_rows AS DOUBLE) END AS "competitor_present__value",
  CAST(COALESCE(g18.n_rows, 0) AS BIGINT) AS "competitor_present__rows",
  CAST(COALESCE(g18.n_hits, 0) AS BIGINT) AS "competitor_present__hits",
  CAST(DATE '1970-01-01' + CAST(g18.last_day AS INTEGER) AS DATE) AS "competitor_present__last",
  CAST(DATE '1970-01-01' + CAST(g18.first_day AS INTEGER) AS DATE) AS "competitor_present__first",
  e18.contact AS "competitor_present__contact_id",
  e18.contact_name AS "competitor_present__contact_name",
  CASE WHEN g19.n_rows > 0 THEN CAST(g19.n_hits AS DOUBLE) / CAST(g19.n_rows AS DOUBLE) END AS "personal_not_business__value",
  CAST(COALESCE(g19.n_rows, 0) AS BIGINT) AS "personal_not_business__rows",
  CAST(COALESCE(g19.n_hits, 0) AS BIGINT) AS "personal_not_business__hits",
  CAST(DATE '1970-01-01' + CAST(g19.last_day AS INTEGER) AS DATE) AS "personal_not_business__last",
  CAST(DATE '1970-01-01' + CAST(g19.first_day AS INTEGER) AS DATE) AS "personal_not_business__first",
  e19.contact AS "personal_not_business__contact_id",
  e19.contact_name AS "personal_not_business__contact_name",
  CAST(COALESCE(g20.n_rows, 0) AS DOUBLE) AS "relate__value",
  CAST(COALESCE(g20.n_rows, 0) AS BIGINT) AS "relate__rows",
  CAST(COALESCE(g20.n_hits, 0) AS BIGINT) AS "relate__hits",
  CAST(DATE '1970-01-01' + CAST(g20.last_day AS INTEGER) AS DATE) AS "relate__last",
  CAST(DATE '1970-01-01' + CAST(g20.first_day AS INTEGER) AS DATE) AS "relate__first",
  e20.contact AS "relate__contact_id",
  e20.contact_name AS "relate__contact_name",
  CASE WHEN g21.n_rows > 0 THEN CAST(g21.n_hits AS DOUBLE) / CAST(g21.n_rows AS DOUBLE) END AS "prepare__value",
  CAST(COALESCE(g21.n_rows, 0) AS BIGINT) AS "prepare__rows",
  CAST(COALESCE(g21.n_hits, 0) AS BIGINT) AS "prepare__hits",
  CAST(DATE '1970-01-01' + CAST(g21.last_day AS INTEGER) AS DATE) AS "prepare__last",
  CAST(DATE '1970-01-01' + CAST(g21.first_day AS INTEGER) AS DATE) AS "prepare__first",
  e21.contact AS "prepare__contact_id",
  e21.contact_name AS "prepare__contact_name",
  CASE WHEN g22.n_rows > 0 THEN CAST(g22.n_hits AS DOUBLE) / CAST(g22.n_rows AS DOUBLE) END AS "respect_time__value",
  CAST(COALESCE(g22.n_rows, 0) AS BIGINT) AS "respect_time__rows",
  CAST(COALESCE(g22.n_hits, 0) AS BIGINT) AS "respect_time__hits",
  CAST(DATE '1970-01-01' + CAST(g22.last_day AS INTEGER) AS DATE) AS "respect_time__last",
  CAST(DATE '1970-01-01' + CAST(g22.first_day AS INTEGER) AS DATE) AS "respect_time__first",
  e22.contact AS "respect_time__contact_id",
  e22.contact_name AS "respect_time__contact_name",
  CASE WHEN g23.n_rows > 0 THEN CAST(g23.n_hits AS DOUBLE) / CAST(g23.n_rows AS DOUBLE) END AS "truth__value",
  CAST(COALESCE(g23.n_rows, 0) AS BIGINT) AS "truth__rows",
  CAST(COALESCE(g23.n_hits, 0) AS BIGINT) AS "truth__hits",
  CAST(DATE '1970-01-01' + CAST(g23.last_day AS INTEGER) AS DATE) AS "truth__last",
  CAST(DATE '1970-01-01' + CAST(g23.first_day AS INTEGER) AS DATE) AS "truth__first",
  e23.contact AS "truth__contact_id",
  e23.contact_name AS "truth__contact_name",
  CAST(COALESCE(g24.n_rows, 0) AS DOUBLE) AS "enable_use__value",
  CAST(COALESCE(g24.n_rows, 0) AS BIGINT) AS "enable_use__rows",
  CAST(COALESCE(g24.n_hits, 0) AS BIGINT) AS "enable_use__hits",
  CAST(DATE '1970-01-01' + CAST(g24.last_day AS INTEGER) AS DATE) AS "enable_use__last",
  CAST(DATE '1970-01-01' + CAST(g24.first_day AS INTEGER) AS DATE) AS "enable_use__first",
  e24.contact AS "enable_use__contact_id",
  e24.contact_name AS "enable_use__contact_name",
  CAST(COALESCE(g25.n_rows, 0) AS DOUBLE) AS "show_profit__value",
  CAST(COALESCE(g25.n_rows, 0) AS BIGINT) AS "show_profit__rows",
  CAST(COALESCE(g25.n_hits, 0) AS BIGINT) AS "show_profit__hits",
  CAST(DATE '1970-01-01' + CAST(g25.last_day AS INTEGER) AS DATE) AS "show_profit__last",
  CAST(DATE '1970-01-01' + CAST(g25.first_day AS INTEGER) AS DATE) AS "show_profit__first",
  e25.contact AS "show_profit__contact_id",
  e25.contact_name AS "show_profit__contact_name",
  CAST(COALESCE(g26.n_rows, 0) AS DOUBLE) AS "show_value__value",
  CAST(COALESCE(g26.n_rows, 0) AS BIGINT) AS "show_value__rows",
  CAST(COALESCE(g26.n_hits, 0) AS BIGINT) AS "show_value__hits",
  CAST(DATE '1970-01-01' + CAST(g26.last_day AS INTEGER) AS DATE) AS "show_value__last",
  CAST(DATE '1970-01-01' + CAST(g26.first_day AS INTEGER) AS DATE) AS "show_value__first",
  e26.contact AS "show_value__contact_id",
  e26.contact_name AS "show_value__contact_name",
  CASE WHEN g27.n_rows > 0 THEN CAST(g27.n_hits AS DOUBLE) / CAST(g27.n_rows AS DOUBLE) END AS "easy_business__value",
  CAST(COALESCE(g27.n_rows, 0) AS BIGINT) AS "easy_business__rows",
  CAST(COALESCE(g27.n_hits, 0) AS BIGINT) AS "easy_business__hits",
  CAST(DATE '1970-01-01' + CAST(g27.last_day AS INTEGER) AS DATE) AS "easy_business__last",
  CAST(DATE '1970-01-01' + CAST(g27.first_day AS INTEGER) AS DATE) AS "easy_business__first",
  e27.contact AS "easy_business__contact_id",
  e27.contact_name AS "easy_business__contact_name",
  CASE WHEN g28.n_rows > 0 THEN CAST(g28.n_hits AS DOUBLE) / CAST(g28.n_rows AS DOUBLE) END AS "service_available__value",
  CAST(COALESCE(g28.n_rows, 0) AS BIGINT) AS "service_available__rows",
  CAST(COALESCE(g28.n_hits, 0) AS BIGINT) AS "service_available__hits",
  CAST(DATE '1970-01-01' + CAST(g28.last_day AS INTEGER) AS DATE) AS "service_available__last",
  CAST(DATE '1970-01-01' + CAST(g28.first_day AS INTEGER) AS DATE) AS "service_available__first",
  e28.contact AS "service_available__contact_id",
  e28.contact_name AS "service_available__contact_name",
  CASE WHEN g29.n_rows > 0 THEN CAST(g29.n_hits AS DOUBLE) / CAST(g29.n_rows AS DOUBLE) END AS "friendly__value",
  CAST(COALESCE(g29.n_rows, 0) AS BIGINT) AS "friendly__rows",
  CAST(COALESCE(g29.n_hits, 0) AS BIGINT) AS "friendly__hits",
  CAST(DATE '1970-01-01' + CAST(g29.last_day AS INTEGER) AS DATE) AS "friendly__last",
  CAST(DATE '1970-01-01' + CAST(g29.first_day AS INTEGER) AS DATE) AS "friendly__first",
  e29.contact AS "friendly__contact_id",
  e29.contact_name AS "friendly__contact_name",
  CAST(g30.k_agg AS DOUBLE) AS "respond_quickly__value",
  CAST(COALESCE(g30.n_rows, 0) AS BIGINT) AS "respond_quickly__rows",
  CAST(COALESCE(g30.n_hits, 0) AS BIGINT) AS "respond_quickly__hits",
  CAST(DATE '1970-01-01' + CAST(g30.last_day AS INTEGER) AS DATE) AS "respond_quickly__last",
  CAST(DATE '1970-01-01' + CAST(g30.first_day AS INTEGER) AS DATE) AS "respond_quickly__first",
  e30.contact AS "respond_quickly__contact_id",
  e30.contact_name AS "respond_quickly__contact_name",
  CAST(g31.k_agg AS DOUBLE) AS "respond_quickly_else_1__value",
  CAST(COALESCE(g31.n_rows, 0) AS BIGINT) AS "respond_quickly_else_1__rows",
  CAST(COALESCE(g31.n_hits, 0) AS BIGINT) AS "respond_quickly_else_1__hits",
  CAST(DATE '1970-01-01' + CAST(g31.last_day AS INTEGER) AS DATE) AS "respond_quickly_else_1__last",
  CAST(DATE '1970-01-01' + CAST(g31.first_day AS INTEGER) AS DATE) AS "respond_quickly_else_1__first",
  e31.contact AS "respond_quickly_else_1__contact_id",
  e31.contact_name AS "respond_quickly_else_1__contact_name",
  CASE WHEN g32.n_rows > 0 THEN CAST(g32.n_hits AS DOUBLE) / CAST(g32.n_rows AS DOUBLE) END AS "deliver_on_time__value",
  CAST(COALESCE(g32.n_rows, 0) AS BIGINT) AS "deliver_on_time__rows",
  CAST(COALESCE(g32.n_hits, 0) AS BIGINT) AS "deliver_on_time__hits",
  CAST(DATE '1970-01-01' + CAST(g32.last_day AS INTEGER) AS DATE) AS "deliver_on_time__last",
  CAST(DATE '1970-01-01' + CAST(g32.first_day AS INTEGER) AS DATE) AS "deliver_on_time__first",
  e32.contact AS "deliver_on_time__contact_id",
  e32.contact_name AS "deliver_on_time__contact_name",
  CASE WHEN g33.n_rows > 0 THEN CAST(g33.n_hits AS DOUBLE) / CAST(g33.n_rows AS DOUBLE) END AS "have_answers__value",
  CAST(COALESCE(g33.n_rows, 0) AS BIGINT) AS "have_answers__rows",
  CAST(COALESCE(g33.n_hits, 0) AS BIGINT) AS "have_answers__hits",
  CAST(DATE '1970-01-01' + CAST(g33.last_day AS INTEGER) AS DATE) AS "have_answers__last",
  CAST(DATE '1970-01-01' + CAST(g33.first_day AS INTEGER) AS DATE) AS "have_answers__first",
  e33.contact AS "have_answers__contact_id",
  e33.contact_name AS "have_answers__contact_name",
  CAST(COALESCE(g34.n_rows, 0) AS DOUBLE) AS "stay_in_touch__value",
  CAST(COALESCE(g34.n_rows, 0) AS BIGINT) AS "stay_in_touch__rows",
  CAST(COALESCE(g34.n_hits, 0) AS BIGINT) AS "stay_in_touch__hits",
  CAST(DATE '1970-01-01' + CAST(g34.last_day AS INTEGER) AS DATE) AS "stay_in_touch__last",
  CAST(DATE '1970-01-01' + CAST(g34.first_day AS INTEGER) AS DATE) AS "stay_in_touch__first",
  e34.contact AS "stay_in_touch__contact_id",
  e34.contact_name AS "stay_in_touch__contact_name",
  CAST(COALESCE(g35.n_rows, 0) AS DOUBLE) AS "inform_changes__value",
  CAST(COALESCE(g35.n_rows, 0) AS BIGINT) AS "inform_changes__rows",
  CAST(COALESCE(g35.n_hits, 0) AS BIGINT) AS "inform_changes__hits",
  CAST(DATE '1970-01-01' + CAST(g35.last_day AS INTEGER) AS DATE) AS "inform_changes__last",
  CAST(DATE '1970-01-01' + CAST(g35.first_day AS INTEGER) AS DATE) AS "inform_changes__first",
  e35.contact AS "inform_changes__contact_id",
  e35.contact_name AS "inform_changes__contact_name",
  CASE WHEN g36.n_rows > 0 THEN CAST(g36.n_hits AS DOUBLE) / CAST(g36.n_rows AS DOUBLE) END AS "keep_promises__value",
  CAST(COALESCE(g36.n_rows, 0) AS BIGINT) AS "keep_promises__rows",
  CAST(COALESCE(g36.n_hits, 0) AS BIGINT) AS "keep_promises__hits",
  CAST(DATE '1970-01-01' + CAST(g36.last_day AS INTEGER) AS DATE) AS "keep_promises__last",
  CAST(DATE '1970-01-01' + CAST(g36.first_day AS INTEGER) AS DATE) AS "keep_promises__first",
  e36.contact AS "keep_promises__contact_id",
  e36.contact_name AS "keep_promises__contact_name",
  CAST(COALESCE(g37.k_agg, 0) AS DOUBLE) AS "partner__value",
  CAST(COALESCE(g37.n_rows, 0) AS BIGINT) AS "partner__rows",
  CAST(COALESCE(g37.n_hits, 0) AS BIGINT) AS "partner__hits",
  CAST(DATE '1970-01-01' + CAST(g37.last_day AS INTEGER) AS DATE) AS "partner__last",
  CAST(DATE '1970-01-01' + CAST(g37.first_day AS INTEGER) AS DATE) AS "partner__first",
  e37.contact AS "partner__contact_id",
  e37.contact_name AS "partner__contact_name",
  CASE WHEN g38.n_rows > 0 THEN CAST(g38.n_hits AS DOUBLE) / CAST(g38.n_rows AS DOUBLE) END AS "serve_after_sale__value",
  CAST(COALESCE(g38.n_rows, 0) AS BIGINT) AS "serve_after_sale__rows",
  CAST(COALESCE(g38.n_hits, 0) AS BIGINT) AS "serve_after_sale__hits",
  CAST(DATE '1970-01-01' + CAST(g38.last_day AS INTEGER) AS DATE) AS "serve_after_sale__last",
  CAST(DATE '1970-01-01' + CAST(g38.first_day AS INTEGER) AS DATE) AS "serve_after_sale__first",
  e38.contact AS "serve_after_sale__contact_id",
  e38.contact_name AS "serve_after_sale__contact_name",
  CAST(COALESCE(g39.n_rows, 0) AS DOUBLE) AS "repeat_business__value",
  CAST(COALESCE(g39.n_rows, 0) AS BIGINT) AS "repeat_business__rows",
  CAST(COALESCE(g39.n_hits, 0) AS BIGINT) AS "repeat_business__hits",
  CAST(DATE '1970-01-01' + CAST(g39.last_day AS INTEGER) AS DATE) AS "repeat_business__last",
  CAST(DATE '1970-01-01' + CAST(g39.first_day AS INTEGER) AS DATE) AS "repeat_business__first",
  e39.contact AS "repeat_business__contact_id",
  e39.contact_name AS "repeat_business__contact_name",
  CAST(COALESCE(g40.n_rows, 0) AS DOUBLE) AS "people_on_file__value",
  CAST(COALESCE(g40.n_rows, 0) AS BIGINT) AS "people_on_file__rows",
  CAST(COALESCE(g40.n_hits, 0) AS BIGINT) AS "people_on_file__hits",
  CAST(DATE '1970-01-01' + CAST(g40.last_day AS INTEGER) AS DATE) AS "people_on_file__last",
  CAST(DATE '1970-01-01' + CAST(g40.first_day AS INTEGER) AS DATE) AS "people_on_file__first",
  e40.contact AS "people_on_file__contact_id",
  e40.contact_name AS "people_on_file__contact_name",
  CAST(g41.k_agg AS DOUBLE) AS "resolution_time__value",
  CAST(COALESCE(g41.n_rows, 0) AS BIGINT) AS "resolution_time__rows",
  CAST(COALESCE(g41.n_hits, 0) AS BIGINT) AS "resolution_time__hits",
  CAST(DATE '1970-01-01' + CAST(g41.last_day AS INTEGER) AS DATE) AS "resolution_time__last",
  CAST(DATE '1970-01-01' + CAST(g41.first_day AS INTEGER) AS DATE) AS "resolution_time__first",
  e41.contact AS "resolution_time__contact_id",
  e41.contact_name AS "resolution_time__contact_name",
  CAST(COALESCE(g42.n_rows, 0) AS DOUBLE) AS "expansion_ready__value",
  CAST(COALESCE(g42.n_rows, 0) AS BIGINT) AS "expansion_ready__rows",
  CAST(COALESCE(g42.n_hits, 0) AS BIGINT) AS "expansion_ready__hits",
  CAST(DATE '1970-01-01' + CAST(g42.last_day AS INTEGER) AS DATE) AS "expansion_ready__last",
  CAST(DATE '1970-01-01' + CAST(g42.first_day AS INTEGER) AS DATE) AS "expansion_ready__first",
  e42.contact AS "expansion_ready__contact_id",
  e42.contact_name AS "expansion_ready__contact_name"
FROM known_accounts a
LEFT JOIN account_records rec ON rec.account = a.id
LEFT JOIN primary_contact pc ON pc.account = a.id
LEFT JOIN first_contact fc ON fc.account_id = a.id
LEFT JOIN role_contact0 rc0 ON rc0.account_id = a.id
LEFT JOIN role_contact1 rc1 ON rc1.account_id = a.id
LEFT JOIN g0 ON g0.account = a.id
LEFT JOIN g1 ON g1.account = a.id
LEFT JOIN g2 ON g2.account = a.id
LEFT JOIN g3 ON g3.account = a.id
LEFT JOIN g4 ON g4.account = a.id
LEFT JOIN g6 ON g6.account = a.id
LEFT JOIN g7 ON g7.account = a.id
LEFT JOIN e7 ON e7.account = a.id
LEFT JOIN g9 ON g9.account = a.id
LEFT JOIN e9 ON e9.account = a.id
LEFT JOIN g10 ON g10.account = a.id
LEFT JOIN e10 ON e10.account = a.id
LEFT JOIN g11 ON g11.account = a.id
LEFT JOIN e11 ON e11.account = a.id
LEFT JOIN g12 ON g12.account = a.id
LEFT JOIN e12 ON e12.account = a.id
LEFT JOIN g13 ON g13.account = a.id
LEFT JOIN e13 ON e13.account = a.id
LEFT JOIN g16 ON g16.account = a.id
LEFT JOIN e16 ON e16.account = a.id
LEFT JOIN g17 ON g17.account = a.id
LEFT JOIN e17 ON e17.account = a.id
LEFT JOIN g18 ON g18.account = a.id
LEFT JOIN e18 ON e18.account = a.id
LEFT JOIN g19 ON g19.account = a.id
LEFT JOIN e19 ON e19.account = a.id
LEFT JOIN g20 ON g20.account = a.id
LEFT JOIN e20 ON e20.account = a.id
LEFT JOIN g21 ON g21.account = a.id
LEFT JOIN e21 ON e21.account = a.id
LEFT JOIN g22 ON g22.account = a.id
LEFT JOIN e22 ON e22.account = a.id
LEFT JOIN g23 ON g23.account = a.id
LEFT JOIN e23 ON e23.account = a.id
LEFT JOIN g24 ON g24.account = a.id
LEFT JOIN e24 ON e24.account = a.id
LEFT JOIN g25 ON g25.account = a.id
LEFT JOIN e25 ON e25.account = a.id
LEFT JOIN g26 ON g26.account = a.id
LEFT JOIN e26 ON e26.account = a.id
LEFT JOIN g27 ON g27.account = a.id
LEFT JOIN e27 ON e27.account = a.id
LEFT JOIN g28 ON g28.account = a.id
LEFT JOIN e28 ON e28.account = a.id
LEFT JOIN g29 ON g29.account = a.id
LEFT JOIN e29 ON e29.account = a.id
LEFT JOIN g30 ON g30.account = a.id
LEFT JOIN e30 ON e30.account = a.id
LEFT JOIN g31 ON g31.account = a.id
LEFT JOIN e31 ON e31.account = a.id
LEFT JOIN g32 ON g32.account = a.id
LEFT JOIN e32 ON e32.account = a.id
LEFT JOIN g33 ON g33.account = a.id
LEFT JOIN e33 ON e33.account = a.id
LEFT JOIN g34 ON g34.account = a.id
LEFT JOIN e34 ON e34.account = a.id
LEFT JOIN g35 ON g35.account = a.id
LEFT JOIN e35 ON e35.account = a.id
LEFT JOIN g36 ON g36.account = a.id
LEFT JOIN e36 ON e36.account = a.id
LEFT JOIN g37 ON g37.account = a.id
LEFT JOIN e37 ON e37.account = a.id
LEFT JOIN g38 ON g38.account = a.id
LEFT JOIN e38 ON e38.account = a.id
LEFT JOIN g39 ON g39.account = a.id
LEFT JOIN e39 ON e39.account = a.id
LEFT JOIN g40 ON g40.account = a.id
LEFT JOIN e40 ON e40.account = a.id
LEFT JOIN g41 ON g41.account = a.id
LEFT JOIN e41 ON e41.account = a.id
LEFT JOIN g42 ON g42.account = a.id
LEFT JOIN e42 ON e42.account = a.id
CROSS JOIN pres_accounts
CROSS JOIN pres_orders
CROSS JOIN pres_deals
CROSS JOIN pres_tickets
CROSS JOIN pres_activities
CROSS JOIN pres_roles
CROSS JOIN history_accounts
CROSS JOIN history_contacts
CROSS JOIN history_deals
CROSS JOIN history_tickets
CROSS JOIN history_activities
ORDER BY a.o1 ASC NULLS FIRST, a.o2 ASC NULLS FIRST
