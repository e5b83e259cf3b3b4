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
        // Most cells mention no keyword at all: a quick search (with memchr-style
        // prefilters) settles those before the exhaustive overlapping scan.
        if text.is_empty() || self.keywords.is_empty() || !self.matcher.is_match(text) {
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

/// Several keyword classes tested on the same field, answered in one scan: which
/// of them the text mentions, as a bit set (bit i = `classes[i]`). Gives exactly
/// the answers of each class's own [`KeywordClass::is_match`].
#[derive(Debug, Clone)]
pub struct ClassSet {
    /// The classes, by id in the rule set; at most 64.
    pub classes: Vec<usize>,
    /// Per pattern: classes it matches as a whole word, and as a word prefix.
    whole: Vec<u64>,
    prefix: Vec<u64>,
    matcher: AhoCorasick,
}

impl ClassSet {
    /// Builds the set from the rule set's classes; None when there are more than
    /// 64 or none have keywords.
    pub fn new(all: &[KeywordClass], classes: &[usize]) -> Option<ClassSet> {
        if classes.is_empty() || classes.len() > 64 {
            return None;
        }
        let mut words: Vec<String> = Vec::new();
        let mut whole = Vec::new();
        let mut prefix = Vec::new();
        for (bit, &c) in classes.iter().enumerate() {
            let class = &all[c];
            for (k, &is_prefix) in class.keywords.iter().zip(&class.prefix) {
                let word = k.strip_suffix('*').unwrap_or(k).trim_end().to_string();
                let i = match words.iter().position(|w| *w == word) {
                    Some(i) => i,
                    None => {
                        words.push(word);
                        whole.push(0);
                        prefix.push(0);
                        words.len() - 1
                    }
                };
                if is_prefix {
                    prefix[i] |= 1 << bit;
                } else {
                    whole[i] |= 1 << bit;
                }
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&words)
            .ok()?;
        Some(ClassSet {
            classes: classes.to_vec(),
            whole,
            prefix,
            matcher,
        })
    }

    /// The bit of class `class`, if the set holds it.
    pub fn bit(&self, class: usize) -> Option<u64> {
        self.classes
            .iter()
            .position(|&c| c == class)
            .map(|i| 1 << i)
    }

    /// Which classes `text` mentions.
    pub fn matches(&self, text: &[u8]) -> u64 {
        // No quick `is_match` first: texts scanned per row (subjects, descriptions)
        // often do mention a keyword, and then it would read them twice.
        if text.is_empty() {
            return 0;
        }
        let mut bits = 0;
        for m in self.matcher.find_overlapping_iter(text) {
            let starts_word = m.start() == 0 || !is_word_byte(text[m.start() - 1]);
            if !starts_word {
                continue;
            }
            let p = m.pattern().as_usize();
            bits |= self.prefix[p];
            if m.end() == text.len() || !is_word_byte(text[m.end()]) {
                bits |= self.whole[p];
            }
        }
        bits
    }
}

#[cfg(test)]
mod set_tests {
    use super::*;

    #[test]
    fn a_class_set_answers_as_each_class_would() {
        let classes: Vec<KeywordClass> = [
            ("a", vec!["review", "qbr", "business review"]),
            ("b", vec!["rude*", "lie"]),
            ("c", vec!["rude", "review*", "lied"]),
        ]
        .iter()
        .map(|(n, w)| {
            let w: Vec<String> = w.iter().map(|s| s.to_string()).collect();
            KeywordClass::new(n, None, &w).unwrap()
        })
        .collect();
        let set = ClassSet::new(&classes, &[0, 1, 2]).unwrap();
        for text in [
            "Quarterly Business Review",
            "reviewer notes",
            "rudeness complaint",
            "a rude agent",
            "client says we lied",
            "client",
            "",
            "QBR, review; RUDE!",
        ] {
            let bits = set.matches(text.as_bytes());
            for (i, class) in classes.iter().enumerate() {
                assert_eq!(
                    bits & (1 << i) != 0,
                    class.is_match(text.as_bytes()),
                    "{text:?} and class {}",
                    class.name
                );
            }
        }
    }
}
