//! Any text through the output sanitisers and the terminal fitting: no panic, no
//! control character left where the channel forbids one, and no line wider than
//! the width asked for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::report::sanitise;
use rapport::term;

fuzz_target!(|data: &[u8]| {
    // The first two bytes choose a width and an indent; the rest is the text.
    let (width, indent, text) = match data {
        [w, i, rest @ ..] => (usize::from(*w), usize::from(*i % 16), rest),
        _ => (0, 0, data),
    };
    let text = String::from_utf8_lossy(text);

    let line = sanitise::terminal(&text);
    assert!(!line.chars().any(char::is_control), "terminal: {line:?}");
    let message = sanitise::message(&text);
    assert!(
        !message.chars().any(|c| c.is_control() && c != '\n'),
        "message: {message:?}"
    );
    let markdown = sanitise::markdown(&text);
    assert!(
        !markdown.chars().any(char::is_control),
        "markdown: {markdown:?}"
    );
    let cell = sanitise::spreadsheet(&text);
    if cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '\n'))
    {
        assert!(cell.parse::<f64>().is_ok(), "spreadsheet: {cell:?}");
    }

    // Cutting keeps to the width, on raw text (escapes kept, taking no cell)
    // and on terminal-clean text (which stays clean).
    for s in [text.as_ref(), line.as_ref()] {
        let cut = term::truncate(s, width);
        assert!(term::cells(&cut) <= width, "truncate {width}: {cut:?}");
    }
    let cut = term::truncate(&line, width);
    assert!(!cut.chars().any(char::is_control), "truncate: {cut:?}");
    assert!(term::cells(&term::pad(&line, width)) >= width);

    // Wrapping keeps to the width (at least indent + 10) and loses no word.
    let lines = term::wrap(&line, width, indent);
    let limit = width.max(indent + 10);
    for l in &lines {
        assert!(term::cells(l) <= limit, "wrap {width}/{indent}: {l:?}");
    }
    let words = |s: &str| s.split(' ').filter(|w| !w.is_empty()).collect::<String>();
    let rejoined: String = lines.iter().map(|l| words(l)).collect();
    assert_eq!(rejoined, words(&line), "wrap loses nothing");
});
