//! Finding an account by the name a row gives for it: names are compared once
//! normalised (case, spaces and punctuation ignored), and a legal suffix (Inc,
//! Ltd, GmbH, ...) is ignored only where that leaves one account.

use rustc_hash::FxHashMap;

/// Legal-form words dropped from the end of a name to compare it without them.
const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "plc",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ag",
    "kg",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "pty",
    "oy",
    "ab",
    "as",
];

/// A name lower-cased, with every run of characters that are not letters or
/// digits made one space: `ACME,  Inc.` and `acme inc` are the same name.
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            // An apostrophe joins (`O'Brien` is `obrien`); anything else separates.
            gap = true;
        }
    }
    out
}

/// A normalised name without its trailing legal-form words (`acme gmbh co kg`
/// is `acme`); the name itself when that would leave nothing.
fn without_suffix(normalised: &str) -> &str {
    let mut base = normalised;
    while let Some((head, last)) = base.rsplit_once(' ') {
        if !LEGAL_SUFFIXES.contains(&last) {
            break;
        }
        base = head;
    }
    base
}

/// The accounts known under one key: the first two are kept for the message.
#[derive(Debug, Clone, Copy)]
enum Slot {
    One(u32),
    Many(u32, u32),
}

impl Slot {
    fn add(self, account: u32) -> Slot {
        match self {
            Slot::One(a) if a == account => self,
            Slot::One(a) => Slot::Many(a, account),
            many => many,
        }
    }
}

/// What looking a name up found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    One(u32),
    /// Two (or more) accounts have this name once normalised: the first two.
    Ambiguous(u32, u32),
    None,
}

/// Accounts by normalised name, with and without legal suffixes.
#[derive(Debug, Default)]
pub struct NameIndex {
    full: FxHashMap<String, Slot>,
    base: FxHashMap<String, Slot>,
}

impl NameIndex {
    pub fn insert(&mut self, name: &str, account: u32) {
        let full = normalise(name);
        if full.is_empty() {
            return;
        }
        let base = without_suffix(&full).to_string();
        self.base
            .entry(base)
            .and_modify(|s| *s = s.add(account))
            .or_insert(Slot::One(account));
        self.full
            .entry(full)
            .and_modify(|s| *s = s.add(account))
            .or_insert(Slot::One(account));
    }

    /// The account named `name`: the one whose normalised name is the same, else
    /// the one whose name without legal suffixes is, when only one is.
    pub fn find(&self, name: &str) -> Found {
        let full = normalise(name);
        if full.is_empty() {
            return Found::None;
        }
        let slot = self
            .full
            .get(&full)
            .or_else(|| self.base.get(without_suffix(&full)));
        match slot {
            Some(Slot::One(a)) => Found::One(*a),
            Some(Slot::Many(a, b)) => Found::Ambiguous(*a, *b),
            None => Found::None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.full.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_spaces_or_punctuation() {
        assert_eq!(normalise("  ACME,  Inc."), "acme inc");
        assert_eq!(normalise("O'Brien & Sons"), "obrien sons");
        assert_eq!(
            normalise("Müller-Lüdenscheid GmbH"),
            "müller lüdenscheid gmbh"
        );
        assert_eq!(without_suffix("acme gmbh co kg"), "acme");
        assert_eq!(without_suffix("company"), "company");
    }

    #[test]
    fn a_suffix_is_dropped_only_when_one_account_is_left() {
        let mut index = NameIndex::default();
        index.insert("Acme Inc", 0);
        index.insert("Globex GmbH", 1);
        index.insert("Globex Ltd", 2);
        assert_eq!(index.find("ACME"), Found::One(0));
        assert_eq!(index.find("acme, inc."), Found::One(0));
        assert_eq!(index.find("Globex Ltd."), Found::One(2));
        assert_eq!(index.find("Globex"), Found::Ambiguous(1, 2));
        assert_eq!(index.find("Initech"), Found::None);
        index.insert("ACME inc.", 3);
        assert_eq!(index.find("Acme Inc"), Found::Ambiguous(0, 3));
    }
}
