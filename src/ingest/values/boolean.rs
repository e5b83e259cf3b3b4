//! Booleans as exports write them, in several spreadsheet languages.

pub use super::grammar::{FALSE_WORDS, TRUE_WORDS};

/// A cell that is not a boolean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotABool;

/// Booleans as exports write them: `TRUE`/`FALSE`, `1`/`0`, `yes`/`no`,
/// `WAHR`/`FALSCH`, `VRAI`/`FAUX`, ... in any case. Empty is `None`.
pub fn parse_bool(raw: &[u8]) -> Result<Option<bool>, NotABool> {
    let s = raw.trim_ascii();
    if s.is_empty() {
        return Ok(None);
    }
    if TRUE_WORDS
        .iter()
        .any(|t| s.eq_ignore_ascii_case(t.as_bytes()))
    {
        Ok(Some(true))
    } else if FALSE_WORDS
        .iter()
        .any(|t| s.eq_ignore_ascii_case(t.as_bytes()))
    {
        Ok(Some(false))
    } else {
        Err(NotABool)
    }
}
