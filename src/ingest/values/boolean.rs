//! Booleans as exports write them, in several spreadsheet languages.

/// A cell that is not a boolean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotABool;

/// The words exports write for true, in English, German, French, Spanish and
/// Dutch spreadsheets, and as checkboxes (`x`) and task states (`done`).
pub const TRUE_WORDS: [&str; 14] = [
    "true", "t", "1", "yes", "y", "wahr", "vrai", "ja", "oui", "si", "waar", "x", "checked", "done",
];
/// The words exports write for false.
pub const FALSE_WORDS: [&str; 13] = [
    "false",
    "f",
    "0",
    "no",
    "n",
    "falsch",
    "faux",
    "nein",
    "non",
    "onwaar",
    "unchecked",
    "not done",
    "to do",
];

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
