//! Keyword classes: "does this text mention a business review?" answered in one
//! pass over the bytes, whole words only, ignoring ASCII case.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

#[derive(Debug, Clone)]
pub struct KeywordClass {
    pub name: String,
    pub why: Option<String>,
    /// The keywords as written (lower-cased), `*` suffix kept.
    pub keywords: Vec<String>,
    /// Per pattern: whether it may be followed by more letters (`complain*`).
    prefix: Vec<bool>,
    matcher: AhoCorasick,
}

impl KeywordClass {
    /// Builds a class; keywords must be non-empty after trimming and removing `*`.
    pub fn new(name: &str, why: Option<String>, keywords: &[String]) -> Result<Self, String> {
        let mut patterns = Vec::with_capacity(keywords.len());
        let mut prefix = Vec::with_capacity(keywords.len());
        let mut kept = Vec::with_capacity(keywords.len());
        for k in keywords {
            let k = k.trim().to_lowercase();
            let (word, is_prefix) = match k.strip_suffix('*') {
                Some(w) => (w.trim_end().to_string(), true),
                None => (k.clone(), false),
            };
            if word.is_empty() {
                return Err(format!("class '{name}' has an empty keyword"));
            }
            patterns.push(word);
            prefix.push(is_prefix);
            kept.push(k);
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| format!("class '{name}': {e}"))?;
        Ok(KeywordClass {
            name: name.to_string(),
            why,
            keywords: kept,
            prefix,
            matcher,
        })
    }

    /// True when `text` contains one of the keywords as whole words.
    pub fn is_match(&self, text: &[u8]) -> bool {
        if text.is_empty() || self.keywords.is_empty() {
            return false;
        }
        for m in self.matcher.find_overlapping_iter(text) {
            let starts_word = m.start() == 0 || !is_word_byte(text[m.start() - 1]);
            let ends_word = self.prefix[m.pattern().as_usize()]
                || m.end() == text.len()
                || !is_word_byte(text[m.end()]);
            if starts_word && ends_word {
                return true;
            }
        }
        false
    }
}

/// Letters, digits and every byte of a non-ASCII character count as word bytes.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(words: &[&str]) -> KeywordClass {
        let words: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        KeywordClass::new("t", None, &words).unwrap()
    }

    #[test]
    fn whole_words_ignoring_case() {
        let c = class(&["roi", "business review"]);
        assert!(c.is_match(b"ROI review"));
        assert!(c.is_match(b"Quarterly Business Review, Q3"));
        assert!(!c.is_match(b"Detroit office"));
        assert!(!c.is_match(b"business reviewer"));
        assert!(!c.is_match(b""));
    }

    #[test]
    fn star_matches_longer_words() {
        let c = class(&["complain*"]);
        assert!(c.is_match(b"Customer complaint about delivery"));
        assert!(c.is_match(b"complains"));
        assert!(!c.is_match(b"uncomplaining"));
    }

    #[test]
    fn overlapping_candidates_are_all_tried() {
        // "lie" fails as a word inside "client"; a later whole "lied" must still match.
        let c = class(&["lie", "lied"]);
        assert!(!c.is_match(b"client"));
        assert!(c.is_match(b"client says we lied"));
    }

    #[test]
    fn empty_keyword_is_an_error() {
        assert!(KeywordClass::new("t", None, &["*".to_string()]).is_err());
    }
}
