//! Headers read by meaning: a header cut into words, each word replaced by the
//! word it means (rules/synonyms.toml, compiled in), a table prefix kept as a
//! hint and a last word naming a unit or a date taken as what the column holds.
//! `columns` compares these words with a field's name and spellings once the
//! exact spellings have had their turn.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;

use super::values::DurationUnit;
use crate::model::Table;

const SOURCE: &str = include_str!("../../rules/synonyms.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSynonyms {
    words: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    noise: Vec<String>,
    #[serde(default)]
    fields: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

/// The synonym table, parsed.
#[derive(Debug)]
pub struct Synonyms {
    /// A word -> the word it means.
    words: HashMap<String, String>,
    noise: Vec<String>,
    /// Per table and field name: phrases beyond its name and spellings.
    fields: HashMap<(Table, String), Vec<String>>,
}

fn parse(text: &str) -> Result<Synonyms, String> {
    let raw: RawSynonyms = toml::from_str(text).map_err(|e| format!("synonyms: {e}"))?;
    let mut words = HashMap::new();
    for (word, means) in raw.words {
        for m in means {
            if let Some(other) = words.insert(m.to_lowercase(), word.clone()) {
                return Err(format!("synonyms: '{m}' means both '{other}' and '{word}'"));
            }
        }
    }
    let mut fields = HashMap::new();
    for (table_name, entries) in raw.fields {
        let table = Table::from_name(&table_name)
            .ok_or_else(|| format!("synonyms: unknown table '{table_name}'"))?;
        for (field, phrases) in entries {
            if table.field(&field).is_none() {
                return Err(format!(
                    "synonyms: unknown field '{field}' in table {table}"
                ));
            }
            fields.insert((table, field), phrases);
        }
    }
    Ok(Synonyms {
        words,
        noise: raw.noise,
        fields,
    })
}

/// The built-in synonym table, parsed once.
pub fn synonyms() -> &'static Synonyms {
    static SYNONYMS: OnceLock<Synonyms> = OnceLock::new();
    // The file is part of the binary and a unit test parses it.
    SYNONYMS.get_or_init(|| parse(SOURCE).expect("built-in synonyms parse"))
}

impl Synonyms {
    /// The phrases rules/synonyms.toml adds for a field.
    pub fn phrases(&self, table: Table, field: &str) -> &[String] {
        self.fields
            .get(&(table, field.to_string()))
            .map_or(&[], Vec::as_slice)
    }
}

/// What the last word of a header says the column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    None,
    /// `_at`, `_date`, `_on`: a date.
    Date,
    /// `_minutes`, `_hours`, `(days)`: an elapsed time in that unit.
    Duration(DurationUnit),
    /// `time`, `duration`: an elapsed time, or a date (`Created Time`).
    Time,
}

/// One word of a header, as written (lower-cased) and as meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub raw: String,
    pub meant: String,
}

/// A header cut into words.
#[derive(Debug, Clone)]
pub struct Words {
    /// The table a `Table: Field` or `Table.Field` prefix names, as a word
    /// (`account`, `contact`, ...).
    pub hint: Option<String>,
    /// The words of the field part.
    pub words: Vec<Word>,
    /// The field part's letters and digits, lower-cased (`lossreasonc`).
    pub compact: String,
}

/// A text's letters and digits, lower-cased: `Loss_Reason__c` -> `lossreasonc`.
pub fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The word each table's headers use for it, as meant after synonyms.
pub fn table_word(table: Table) -> Option<&'static str> {
    match table {
        Table::Accounts => Some("account"),
        Table::Contacts => Some("contact"),
        Table::Orders => Some("order"),
        Table::Deals => Some("deal"),
        Table::Tickets => Some("ticket"),
        Table::Activities => Some("activity"),
        Table::Subscriptions => Some("subscription"),
        Table::ContactRoles | Table::DealCompetitors | Table::ChurnEvents => None,
    }
}

fn is_table_word(w: &str) -> bool {
    Table::ALL.iter().any(|&t| table_word(t) == Some(w))
        || matches!(w, "task" | "event" | "call" | "meeting")
}

/// Cuts text into lower-case words at spaces, punctuation and camelCase
/// (`LossReason__c` -> `loss`, `reason`, `c`; `HTTPStatus` -> `http`, `status`).
pub fn split_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

impl Synonyms {
    fn word(&self, raw: String) -> Word {
        let meant = self.words.get(&raw).cloned().unwrap_or_else(|| raw.clone());
        Word { raw, meant }
    }

    /// A header's words, with its table prefix taken off as a hint.
    pub fn header(&self, header: &str) -> Words {
        let text = header.trim();
        let split = [": ", ":", " - ", "."]
            .iter()
            .find_map(|sep| text.split_once(sep))
            .filter(|(prefix, rest)| !rest.trim().is_empty() && !prefix.trim().is_empty());
        if let Some((prefix, rest)) = split {
            let words = split_words(prefix);
            if let [one] = words.as_slice() {
                let meant = self.word(one.clone()).meant;
                if is_table_word(&meant) {
                    let hint = match meant.as_str() {
                        "task" | "event" | "call" | "meeting" => "activity".to_string(),
                        _ => meant,
                    };
                    return Words {
                        hint: Some(hint),
                        words: self.words(rest),
                        compact: compact(rest),
                    };
                }
            }
        }
        Words {
            hint: None,
            words: self.words(text),
            compact: compact(text),
        }
    }

    /// The words of a text, without a Salesforce `__c` custom-field suffix.
    pub fn words(&self, text: &str) -> Vec<Word> {
        let mut raw = split_words(text);
        let lower = text.trim().to_lowercase();
        if raw.len() > 1 && (lower.ends_with("__c") || lower.ends_with("_c")) {
            raw.pop();
        }
        raw.into_iter().map(|w| self.word(w)).collect()
    }

    /// The words that say what a field is, and what the last one says it holds:
    /// noise dropped, a unit or date word taken off the end.
    pub fn meaning(&self, words: &[Word]) -> (Vec<String>, Suffix) {
        let mut meant: Vec<String> = words
            .iter()
            .map(|w| w.meant.clone())
            .filter(|w| !self.noise.contains(w))
            .collect();
        let mut suffix = Suffix::None;
        if meant.len() > 1
            && let Some(last) = meant.last()
        {
            let unit = (last.len() > 1)
                .then(|| DurationUnit::from_word(last))
                .flatten();
            if let Some(unit) = unit {
                suffix = Suffix::Duration(unit);
                meant.pop();
            } else if matches!(
                last.as_str(),
                "at" | "date" | "on" | "datetime" | "timestamp"
            ) {
                suffix = Suffix::Date;
                meant.pop();
            }
        }
        if meant.len() > 1 {
            let before = meant.len();
            meant.retain(|w| !matches!(w.as_str(), "time" | "duration" | "elapsed" | "taken"));
            if meant.is_empty() {
                meant.push("time".to_string());
            } else if meant.len() < before && suffix == Suffix::None {
                suffix = Suffix::Time;
            }
        }
        (meant, suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_parses() {
        let s = parse(SOURCE).unwrap();
        assert_eq!(s.words.get("resolved").map(String::as_str), Some("closed"));
        assert!(parse("[words]\na = [\"x\"]\nb = [\"x\"]\n").is_err());
        assert!(parse("[words]\n[fields.tickets]\nnope = []\n").is_err());
    }

    #[test]
    fn headers_are_cut_into_words() {
        assert_eq!(split_words("LossReason__c"), ["loss", "reason", "c"]);
        assert_eq!(
            split_words("first_response_minutes"),
            ["first", "response", "minutes"]
        );
        assert_eq!(split_words("HTTPStatus"), ["http", "status"]);
        assert_eq!(
            split_words("Resolution time (hours)"),
            ["resolution", "time", "hours"]
        );
        assert_eq!(split_words("resolvedAt"), ["resolved", "at"]);
    }

    #[test]
    fn prefixes_are_hints_and_suffixes_say_what_a_column_holds() {
        let s = synonyms();
        let h = s.header("Account: Account Name");
        assert_eq!(h.hint.as_deref(), Some("account"));
        assert_eq!(s.meaning(&h.words).0, ["account", "name"]);
        assert_eq!(s.header("Contact.Title").hint.as_deref(), Some("contact"));
        assert_eq!(s.header("Account_Name.id").hint, None);
        let m = |h: &str| s.meaning(&s.header(h).words);
        assert_eq!(m("resolved_at"), (vec!["closed".to_string()], Suffix::Date));
        assert_eq!(
            m("first_response_minutes"),
            (
                vec!["first".to_string(), "response".to_string()],
                Suffix::Duration(DurationUnit::Minutes)
            )
        );
        assert_eq!(
            m("First Reply Time"),
            (
                vec!["first".to_string(), "response".to_string()],
                Suffix::Time
            )
        );
        assert_eq!(m("date"), (vec!["date".to_string()], Suffix::None));
    }
}
