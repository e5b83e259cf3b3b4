//! Action templates: `Call {contact} about {count} cases` split into text and
//! the variables a rule's result fills in.

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
        let name = &after[..close];
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
        pieces.push(Piece::Var(var));
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
}
