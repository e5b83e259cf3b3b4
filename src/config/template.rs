//! Action templates: `Call {contact} about {count} cases` split into text and
//! the variables a rule's result fills in. `{contact|the account's buyer}` gives
//! the words to say when the result has no value for the variable.

use crate::spec::{Piece, Template, Var};

/// Splits `Call {contact} about {count} cases` into text and variables.
pub fn parse_template(s: &str) -> Result<Template, String> {
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| "unclosed `{` in action".to_string())?;
        let (name, fallback) = match after[..close].split_once('|') {
            Some((name, words)) => (name.trim(), Some(words.trim())),
            None => (after[..close].trim(), None),
        };
        if fallback.is_some_and(|w| w.is_empty() || w.contains('{')) {
            return Err(format!(
                "the words after `|` in {{{name}|...}} must be plain text, not empty"
            ));
        }
        let var = Var::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                let known: Vec<&str> = Var::ALL.iter().map(|(n, _)| *n).collect();
                format!(
                    "unknown placeholder {{{name}}} in action, expected one of: {}",
                    known.join(", ")
                )
            })?;
        pieces.push(match fallback {
            Some(words) => Piece::VarOr(var, words.to_string()),
            None => Piece::Var(var),
        });
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(Template {
        source: s.to_string(),
        pieces,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_text_and_variables() {
        let t = parse_template("Call {contact} about {count} cases").unwrap();
        assert_eq!(t.pieces.len(), 5);
        assert!(parse_template("Call {who}").unwrap_err().contains("{who}"));
        assert!(parse_template("Call {contact").is_err());
    }

    #[test]
    fn a_variable_may_say_what_to_write_when_it_has_no_value() {
        let t = parse_template("Call {contact|the account's buyer}.").unwrap();
        assert!(
            matches!(&t.pieces[1], Piece::VarOr(Var::Contact, w) if w == "the account's buyer")
        );
        assert!(parse_template("Call {contact|}").is_err());
        assert!(
            parse_template("Call {who|someone}")
                .unwrap_err()
                .contains("{who}")
        );
    }
}
