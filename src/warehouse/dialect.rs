//! What differs between the SQL engines the metrics query runs on: quoting,
//! literals, regular expressions, time arithmetic and percentiles. Everything else
//! the query uses (CTEs, CASE, COALESCE, window functions, LEFT JOIN) is the same
//! in all of them.

use std::fmt;

/// A SQL engine the metrics query can be written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    /// DuckDB (RE2 regular expressions).
    Duckdb,
    /// PostgreSQL (ARE regular expressions).
    Postgres,
    /// Google BigQuery, standard SQL (RE2 regular expressions).
    Bigquery,
    /// Spark SQL (Java regular expressions).
    Spark,
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Duckdb => "DuckDB",
            Dialect::Postgres => "PostgreSQL",
            Dialect::Bigquery => "BigQuery",
            Dialect::Spark => "Spark SQL",
        })
    }
}

/// A string the dialect cannot write as a literal or identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwritable(pub String);

/// ASCII whitespace as Rust's `trim_ascii` (and so rapport's reader) sees it.
const ASCII_SPACE: &str = r"[\t\n\x0c\r ]";

impl Dialect {
    pub const ALL: [Dialect; 4] = [
        Dialect::Duckdb,
        Dialect::Postgres,
        Dialect::Bigquery,
        Dialect::Spark,
    ];

    /// The name used on the command line and in file names.
    pub fn key(self) -> &'static str {
        match self {
            Dialect::Duckdb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::Bigquery => "bigquery",
            Dialect::Spark => "spark",
        }
    }

    /// The longest identifier the engine keeps whole (PostgreSQL cuts longer ones).
    pub fn max_identifier(self) -> Option<usize> {
        match self {
            Dialect::Postgres => Some(63),
            Dialect::Bigquery => Some(300),
            _ => None,
        }
    }

    /// A quoted identifier: a table, view or column name.
    pub fn ident(self, name: &str) -> Result<String, Unwritable> {
        if name.is_empty() {
            return Err(Unwritable("an empty name".into()));
        }
        if name.contains('\0') {
            return Err(Unwritable(format!(
                "the name {name:?} holds a NUL character"
            )));
        }
        Ok(match self {
            Dialect::Duckdb | Dialect::Postgres => format!("\"{}\"", name.replace('"', "\"\"")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            Dialect::Bigquery => {
                let mut s = String::from("`");
                for c in name.chars() {
                    match c {
                        '`' => s.push_str("\\`"),
                        '\\' => s.push_str("\\\\"),
                        '\n' => s.push_str("\\n"),
                        c if c.is_control() => s.push_str(&format!("\\u{:04x}", c as u32)),
                        c => s.push(c),
                    }
                }
                s.push('`');
                s
            }
        })
    }

    /// A table name, possibly qualified (`schema.table`, `project.dataset.table`):
    /// each part is quoted on its own.
    pub fn table_name(self, name: &str) -> Result<String, Unwritable> {
        let parts = name
            .split('.')
            .map(|p| self.ident(p.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(parts.join("."))
    }

    /// A string literal. Data never becomes SQL text any other way.
    pub fn string(self, s: &str) -> Result<String, Unwritable> {
        match self {
            Dialect::Duckdb | Dialect::Postgres if s.contains('\0') => Err(Unwritable(format!(
                "{s:?} holds a NUL character, which {self} strings cannot hold"
            ))),
            Dialect::Duckdb => Ok(format!("'{}'", s.replace('\'', "''"))),
            // An E'' string reads the same whatever standard_conforming_strings says.
            Dialect::Postgres if s.contains('\\') => Ok(format!(
                "E'{}'",
                s.replace('\\', "\\\\").replace('\'', "''")
            )),
            Dialect::Postgres => Ok(format!("'{}'", s.replace('\'', "''"))),
            Dialect::Bigquery | Dialect::Spark => {
                let mut out = String::from("'");
                for c in s.chars() {
                    match c {
                        '\\' => out.push_str("\\\\"),
                        '\'' => out.push_str("\\'"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        '\t' => out.push_str("\\t"),
                        c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
                        c => out.push(c),
                    }
                }
                out.push('\'');
                Ok(out)
            }
        }
    }

    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Duckdb => "VARCHAR",
            Dialect::Postgres => "TEXT",
            Dialect::Bigquery | Dialect::Spark => "STRING",
        }
    }

    pub fn double_type(self) -> &'static str {
        match self {
            Dialect::Duckdb | Dialect::Spark => "DOUBLE",
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::Bigquery => "FLOAT64",
        }
    }

    pub fn integer_type(self) -> &'static str {
        match self {
            Dialect::Bigquery => "INT64",
            _ => "BIGINT",
        }
    }

    pub fn bool_type(self) -> &'static str {
        match self {
            Dialect::Bigquery => "BOOL",
            _ => "BOOLEAN",
        }
    }

    /// True when `expr` contains a match of `pattern` (a literal, already written).
    pub fn regex_contains(self, expr: &str, pattern: &str) -> String {
        match self {
            Dialect::Duckdb => format!("regexp_matches({expr}, {pattern})"),
            Dialect::Postgres => format!("({expr} ~ {pattern})"),
            Dialect::Bigquery => format!("REGEXP_CONTAINS({expr}, {pattern})"),
            Dialect::Spark => format!("({expr} RLIKE {pattern})"),
        }
    }

    /// The characters that end a word for keyword classes: every ASCII character
    /// but letters and digits (any non-ASCII character belongs to a word, as in
    /// rapport's matcher). PostgreSQL text cannot hold NUL, so its range starts at 1.
    pub fn non_word_class(self) -> &'static str {
        match self {
            Dialect::Postgres => r"[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]",
            _ => r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]",
        }
    }

    /// `expr` as text with ASCII whitespace trimmed, NULL when nothing is left: how
    /// rapport reads every cell.
    pub fn clean_text(self, expr: &str) -> String {
        let pattern = format!("^{ASCII_SPACE}+|{ASCII_SPACE}+$");
        let pattern = self.string(&pattern).expect("a plain pattern");
        let text = format!("CAST({expr} AS {})", self.text_type());
        match self {
            Dialect::Duckdb | Dialect::Postgres => {
                format!("NULLIF(regexp_replace({text}, {pattern}, '', 'g'), '')")
            }
            Dialect::Bigquery => format!("NULLIF(REGEXP_REPLACE({text}, {pattern}, ''), '')"),
            Dialect::Spark => format!("NULLIF(regexp_replace({text}, {pattern}, ''), '')"),
        }
    }

    /// ASCII-only lower case, as rapport compares values.
    pub fn ascii_lower(self, expr: &str) -> String {
        format!("translate({expr}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')")
    }

    /// Whole seconds since 1970-01-01 UTC of a DATE or TIMESTAMP column, as a
    /// double (fractions of a second are dropped, as rapport's reader drops them).
    pub fn epoch_seconds(self, expr: &str) -> String {
        match self {
            Dialect::Duckdb => format!("FLOOR(epoch({expr}))"),
            Dialect::Postgres => {
                format!("CAST(FLOOR(EXTRACT(EPOCH FROM {expr})) AS DOUBLE PRECISION)")
            }
            Dialect::Bigquery => {
                format!("CAST(UNIX_SECONDS(CAST({expr} AS TIMESTAMP)) AS FLOAT64)")
            }
            Dialect::Spark => format!("CAST(unix_timestamp({expr}) AS DOUBLE)"),
        }
    }

    /// The day number (days since 1970-01-01) of an epoch-seconds expression.
    pub fn day_of(self, seconds: &str) -> String {
        format!("CAST(FLOOR({seconds} / 86400) AS {})", self.integer_type())
    }

    /// The DATE of a day number.
    pub fn date_of_day(self, day: &str) -> String {
        match self {
            Dialect::Duckdb => format!("CAST(DATE '1970-01-01' + CAST({day} AS INTEGER) AS DATE)"),
            Dialect::Postgres => format!("(DATE '1970-01-01' + CAST({day} AS INTEGER))"),
            Dialect::Bigquery => format!("DATE_FROM_UNIX_DATE({day})"),
            Dialect::Spark => format!("date_add(DATE '1970-01-01', CAST({day} AS INT))"),
        }
    }
}

/// A pattern that matches `text` exactly as rapport's keyword classes and `in`
/// filters compare it: ASCII letters in either case (`[Rr][Oo][Ii]`), every other
/// character as itself, regex syntax escaped.
pub fn ascii_case_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 4);
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            out.push('[');
            out.push(c.to_ascii_uppercase());
            out.push(c.to_ascii_lowercase());
            out.push(']');
        } else if r"\.+*?()[]{}|^$".contains(c) {
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_literals_cannot_be_escaped_from() {
        let hostile = "x' OR 1=1; --\\";
        assert_eq!(
            Dialect::Duckdb.string(hostile).unwrap(),
            "'x'' OR 1=1; --\\'"
        );
        assert_eq!(
            Dialect::Postgres.string(hostile).unwrap(),
            "E'x'' OR 1=1; --\\\\'"
        );
        assert_eq!(
            Dialect::Bigquery.string(hostile).unwrap(),
            "'x\\' OR 1=1; --\\\\'"
        );
        assert_eq!(
            Dialect::Spark.string(hostile).unwrap(),
            "'x\\' OR 1=1; --\\\\'"
        );
        assert_eq!(Dialect::Duckdb.ident("a\"b").unwrap(), "\"a\"\"b\"");
        assert_eq!(Dialect::Spark.ident("a`b").unwrap(), "`a``b`");
        assert_eq!(Dialect::Bigquery.ident("a`b").unwrap(), "`a\\`b`");
        assert_eq!(
            Dialect::Postgres.table_name("crm.Activity Log").unwrap(),
            "\"crm\".\"Activity Log\""
        );
        assert!(Dialect::Postgres.string("a\0b").is_err());
        assert_eq!(Dialect::Spark.string("a\nb").unwrap(), "'a\\nb'");
    }

    #[test]
    fn patterns_fold_only_ascii_letters() {
        assert_eq!(ascii_case_pattern("roi"), "[Rr][Oo][Ii]");
        assert_eq!(ascii_case_pattern("owner:"), "[Oo][Ww][Nn][Ee][Rr]:");
        assert_eq!(ascii_case_pattern("a.b(c)"), r"[Aa]\.[Bb]\([Cc]\)");
        assert_eq!(ascii_case_pattern("é"), "é");
    }
}
