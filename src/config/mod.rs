//! Loading rule sets: the TOML schema, `extends` and vendor-preset layering, and
//! validation into the resolved [`crate::spec::RuleSet`] the engine runs. Three
//! layers, as in ruff: raw options (every field optional, unknown keys refused),
//! merged layers (built-in base < vendor presets < the user's file), then
//! resolved settings with every reference checked.

mod compile;
mod error;
mod merge;
mod metric;
pub mod preset;
mod raw;
mod template;

use std::path::Path;

pub use error::{ConfigError, Source};
pub use preset::Preset;
pub use template::parse_template;

use crate::spec::RuleSet;
use merge::Layer;

/// Limits that keep a hostile or mistaken rule file to a clear error and a
/// bounded run.
pub const MAX_RULE_FILE_BYTES: u64 = 4 * 1024 * 1024;
pub const MAX_RULES: usize = 2000;
pub const MAX_KEYWORDS_PER_CLASS: usize = 5000;

/// Reads the UTF-8 text of `path`, at most `limit` bytes of it, whatever `path`
/// is: a file, a pipe or `/dev/zero`. The limit is counted as the bytes are read,
/// not taken from the file's size, which a pipe or a device does not have.
pub fn read_bounded(path: &Path, limit: u64, what: &str) -> anyhow::Result<String> {
    use std::io::Read;
    let cannot = |e: std::io::Error| anyhow::anyhow!("cannot read {what} {}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        anyhow::bail!(
            "{what} {} is over {limit} bytes; rapport reads {what}s of up to {limit} bytes",
            path.display()
        );
    }
    String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("{what} {} is not UTF-8 text: {e}", path.display()))
}

/// The built-in rule sets a file may extend, by name.
pub const BUILTIN: &[(&str, &str)] = &[("default", include_str!("../../rules/default.toml"))];

impl RuleSet {
    /// The built-in default rule set.
    pub fn builtin() -> Result<RuleSet, ConfigError> {
        let base = builtin_source("default").expect("default is built in");
        load(vec![Layer::parse(base.clone())?], vec![base], false)
    }

    /// The rule set with the value words (`[classes]`) of these vendor presets
    /// layered over its base, below the user's file: a user's `match` still
    /// replaces a class and `add` still extends it. A user's file that extends
    /// nothing is its own base, so the presets extend its classes. A preset only
    /// extends classes the rule set has.
    pub fn with_presets(&self, presets: &[&Preset]) -> Result<RuleSet, ConfigError> {
        let vendor: Vec<Layer> = presets
            .iter()
            .filter_map(|p| {
                p.classes
                    .as_ref()?
                    .layer(|name| self.class_id(name).is_some())
            })
            .collect();
        let mut layers = self
            .sources
            .iter()
            .map(|s| Layer::parse(s.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        let at = if self.user_layer && layers.len() > 1 {
            layers.len() - 1
        } else {
            layers.len()
        };
        layers.splice(at..at, vendor);
        let mut rs = load(layers, self.sources.clone(), self.user_layer)?;
        rs.origin = self.origin.clone();
        Ok(rs)
    }

    /// A user's rule file, layered over the built-in set it extends (if any).
    pub fn from_file(path: &Path) -> anyhow::Result<RuleSet> {
        let text = read_bounded(path, MAX_RULE_FILE_BYTES, "rule file")?;
        Ok(RuleSet::from_text(&path.display().to_string(), &text)?)
    }

    pub fn from_text(label: &str, text: &str) -> Result<RuleSet, ConfigError> {
        let user = Source {
            label: label.to_string(),
            text: text.to_string(),
        };
        let user_layer = Layer::parse(user.clone())?;
        let mut layers = Vec::new();
        let mut files = Vec::new();
        if let Some(base) = &user_layer.raw.extends {
            match builtin_source(base.get_ref()) {
                Some(s) => {
                    layers.push(Layer::parse(s.clone())?);
                    files.push(s);
                }
                None => {
                    let known: Vec<_> = BUILTIN.iter().map(|(n, _)| *n).collect();
                    return Err(ConfigError::at(
                        &user,
                        base.span(),
                        format!(
                            "unknown rule set '{}' in extends, expected one of: {}",
                            base.get_ref(),
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        layers.push(user_layer);
        files.push(user);
        load(layers, files, true)
    }
}

fn builtin_source(name: &str) -> Option<Source> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| Source {
            label: format!("built-in:{n}"),
            text: text.to_string(),
        })
}

/// Merges and compiles `layers`. `files` are the rule files among them, base
/// first, kept on the result so that vendor presets can be layered in later;
/// `user_layer` says the last of them is the user's.
fn load(layers: Vec<Layer>, files: Vec<Source>, user_layer: bool) -> Result<RuleSet, ConfigError> {
    let origin = match files.as_slice() {
        [only] => only.label.clone(),
        [first, .., last] => format!("{} (extends {})", last.label, first.label),
        [] => String::new(),
    };
    let (merged, sources) = merge::merge(layers)?;
    let mut rs = compile::compile(merged, &sources, origin)?;
    rs.sources = files;
    rs.user_layer = user_layer;
    Ok(rs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rule_set_compiles_with_the_stable_ids() {
        let rs = RuleSet::builtin().unwrap();
        let ids: Vec<&str> = rs.rules.iter().map(|r| r.id.as_str()).collect();
        for id in [
            "relate",
            "prepare",
            "respect-time",
            "truth",
            "enable-use",
            "show-profit",
            "show-value",
            "easy-business",
            "service-available",
            "friendly",
            "respond-quickly",
            "deliver-on-time",
            "have-answers",
            "stay-in-touch",
            "inform-changes",
            "keep-promises",
            "partner",
            "serve-after-sale",
            "price-loss",
            "contact-recency",
            "complaint-resolution",
            "complaint-follow-up",
            "buyer-and-gatekeeper",
            "competitor-present",
            "personal-not-business",
            "expansion-ready",
        ] {
            assert!(ids.contains(&id), "missing rule {id}");
        }
        for r in &rs.rules {
            assert!(!r.why.is_empty(), "{} has no why", r.id);
            assert!(!r.title.is_empty(), "{} has no title", r.id);
            assert!(!r.element.is_empty(), "{} has no element", r.id);
        }
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "rule ids are unique");
        assert_eq!(rs.bands[0].name, "loyal");
        assert_eq!(rs.bands.last().unwrap().name, "no-relationship");
    }

    fn meeting_words(rs: &RuleSet) -> Vec<String> {
        let id = rs.class_id("meeting").unwrap();
        rs.classes[id].keywords.clone()
    }

    #[test]
    fn vendor_words_sit_between_the_base_and_the_users_file() {
        let hubspot = preset::by_name("hubspot").unwrap();
        let base = RuleSet::builtin().unwrap();
        let layered = base.with_presets(&[hubspot]).unwrap();
        assert!(!meeting_words(&base).contains(&"meeting booked".to_string()));
        assert!(meeting_words(&layered).contains(&"meeting booked".to_string()));
        assert_eq!(layered.origin, base.origin);

        let add = "extends = \"default\"\n[classes.meeting]\nadd = [\"huddle\"]\n";
        let words = meeting_words(
            &RuleSet::from_text("r.toml", add)
                .unwrap()
                .with_presets(&[hubspot])
                .unwrap(),
        );
        let booked = words.iter().position(|w| w == "meeting booked").unwrap();
        let huddle = words.iter().position(|w| w == "huddle").unwrap();
        assert!(booked < huddle, "the user's words come last: {words:?}");

        let replace = "extends = \"default\"\n[classes.meeting]\nmatch = [\"huddle\"]\n";
        let words = meeting_words(
            &RuleSet::from_text("r.toml", replace)
                .unwrap()
                .with_presets(&[hubspot])
                .unwrap(),
        );
        assert_eq!(words, ["huddle"]);
    }

    #[test]
    fn a_complete_rule_file_is_the_base_the_vendor_words_extend() {
        let hubspot = preset::by_name("hubspot").unwrap();
        let complete = builtin_source("default").unwrap().text;
        let layered = RuleSet::from_text("mine.toml", &complete)
            .unwrap()
            .with_presets(&[hubspot])
            .unwrap();
        let words = meeting_words(&layered);
        assert!(words.contains(&"meeting booked".to_string()), "{words:?}");
        assert!(words.contains(&"meeting".to_string()), "{words:?}");
    }
}
