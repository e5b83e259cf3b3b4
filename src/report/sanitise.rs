//! Making data safe for the channel it is shown on: one function per channel,
//! all of them here. Text from an export was typed by a client's staff and
//! customers, and a file name is whatever its creator chose; neither may drive a
//! terminal, run in a spreadsheet or reshape a document. (HTML escapes in
//! `html::esc`, over [`terminal`].)

use std::borrow::Cow;

/// Controls that reorder text on screen (Trojan Source, CVE-2021-42574): an
/// override can make a name display its score and band swapped.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// For a terminal, one line of a table or a message: control characters (the
/// ESC that starts every escape sequence, BEL that ends an OSC title, line
/// breaks, C1 controls) become spaces, and bidi controls are dropped, so data
/// cannot move the cursor, retitle or recolour a terminal, or reorder a line.
pub fn terminal(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// For stderr: as [`terminal`], but a message may keep its own line breaks.
pub fn message(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| (c.is_control() && !(keep_newlines && c == '\n')) || is_bidi_control(c);
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter(|&c| !is_bidi_control(c))
            .map(|c| if unsafe_char(c) { ' ' } else { c })
            .collect(),
    )
}

/// For Markdown: terminal-clean, then every character Markdown (CommonMark and
/// GitHub's extensions: strikethrough `~`, maths `$`, `@mentions`, bare URLs)
/// would read as markup is escaped.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let clean = terminal(s);
    let mut rest = clean.as_ref();
    while let Some(c) = rest.chars().next() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '|'
                | '#'
                | '!'
                | '{'
                | '}'
                | '~'
                | '$'
                | '@'
        ) || rest.starts_with("://")
        {
            out.push('\\');
        }
        // `www.example.com` links itself without a scheme.
        if rest.len() > 4 && rest.is_char_boundary(4) && rest[..4].eq_ignore_ascii_case("www.") {
            out.push_str(&rest[..3]);
            out.push_str("\\.");
            rest = &rest[4..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// For a spreadsheet (OWASP CSV injection): text that starts with `=`, `+`,
/// `-`, `@`, tab, CR or LF gets a leading `'` so it shows as text, while plain
/// numbers such as `-12.5` stay numbers.
pub fn spreadsheet(cell: &str) -> Cow<'_, str> {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '\n'));
    if risky && cell.parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_loses_escapes_and_bidi_controls() {
        assert_eq!(terminal("Red\x1b]0;x\x07"), "Red ]0;x ");
        assert_eq!(terminal("a\u{202E}b\u{2066}c"), "abc");
        assert_eq!(terminal("a\u{9b}b"), "a b");
        assert_eq!(message("one\ntwo\x1b"), "one\ntwo ");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn markdown_escapes_extensions_and_links() {
        assert_eq!(markdown("~~x~~"), "\\~\\~x\\~\\~");
        assert_eq!(markdown("$x$ @bob"), "\\$x\\$ \\@bob");
        assert_eq!(markdown("http://x"), "http\\://x");
        assert_eq!(markdown("see www.x.io"), "see www\\.x.io");
    }

    #[test]
    fn markdown_leaves_a_bare_www_alone_and_any_text_whole() {
        assert_eq!(markdown("www."), "www.", "no domain, no link");
        assert_eq!(markdown("aaaé www.été"), "aaaé www\\.été");
    }

    #[test]
    fn spreadsheet_cells_cannot_be_formulas() {
        assert_eq!(
            spreadsheet("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(spreadsheet("+1 call"), "'+1 call");
        assert_eq!(spreadsheet("-sum(A1)"), "'-sum(A1)");
        assert_eq!(spreadsheet("@cmd"), "'@cmd");
        assert_eq!(spreadsheet("\tx"), "'\tx");
        assert_eq!(spreadsheet("-12.5"), "-12.5");
        assert_eq!(spreadsheet("+3"), "+3");
        assert_eq!(spreadsheet("Acme"), "Acme");
        assert_eq!(spreadsheet(""), "");
    }
}
