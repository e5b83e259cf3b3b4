//! Where output goes and how wide it may be: the width of a terminal (asked of
//! the terminal itself, then `COLUMNS`), whether to colour, and writers that fit
//! text to a width by cutting or wrapping its lines. Off a terminal nothing is
//! cut: a file or a pipe gets the full text.

use std::io::{self, IsTerminal, Write};

use unicode_width::UnicodeWidthChar;

use crate::cli::ColorChoice;

/// The width to assume on a terminal that reports none and has no `COLUMNS`.
const FALLBACK_COLUMNS: usize = 80;

/// The columns of a stream: the terminal's own size, else `COLUMNS`, else 80,
/// when the stream is a terminal; `None` (no limit) when it is not.
fn columns_of(is_terminal: bool, size: Option<terminal_size::Width>) -> Option<usize> {
    if !is_terminal {
        return None;
    }
    let from_terminal = size.map(|w| usize::from(w.0)).filter(|&w| w > 0);
    let from_env = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&w| w > 0)
    };
    Some(from_terminal.or_else(from_env).unwrap_or(FALLBACK_COLUMNS))
}

/// The columns stdout may use, or `None` when it is not a terminal.
pub fn stdout_columns() -> Option<usize> {
    let out = io::stdout();
    columns_of(
        out.is_terminal(),
        terminal_size::terminal_size_of(&out).map(|(w, _)| w),
    )
}

/// The columns stderr may use, or `None` when it is not a terminal.
pub fn stderr_columns() -> Option<usize> {
    let err = io::stderr();
    columns_of(
        err.is_terminal(),
        terminal_size::terminal_size_of(&err).map(|(w, _)| w),
    )
}

/// Whether to colour a stream: `--color always|never` decides; for `auto`,
/// FORCE_COLOR (set and not empty) colours even a pipe, then NO_COLOR, then
/// `TERM=dumb` turn colour off, else a terminal is coloured.
pub fn colour(choice: ColorChoice, is_terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("FORCE_COLOR") => true,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if std::env::var_os("TERM").is_some_and(|t| t == "dumb") => false,
        ColorChoice::Auto => is_terminal,
    }
}

/// The cells `s` takes on a terminal: a wide (CJK, emoji) character takes two,
/// a combining mark and a colour escape none.
pub fn cells(s: &str) -> usize {
    let mut n = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            skip_escape(&mut chars);
        } else {
            n += c.width().unwrap_or(0);
        }
    }
    n
}

/// `s` padded with spaces to `width` cells (never cut: see [`truncate`]).
pub fn pad(s: &str, width: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(cells(s))));
    out
}

/// Skips the rest of a `ESC [ ... letter` sequence.
fn skip_escape(chars: &mut std::str::Chars) {
    if chars.clone().next() == Some('[') {
        for c in chars.by_ref() {
            if c.is_ascii_alphabetic() {
                break;
            }
        }
    }
}

/// Cuts `s` to `width` cells, marking the cut with an ellipsis. Colour escapes
/// are kept and take no cell; a colour left open by the cut is closed.
pub fn truncate(s: &str, width: usize) -> String {
    if cells(s) <= width {
        return s.to_string();
    }
    let keep = width.saturating_sub(1);
    let mut out = String::new();
    let mut n = 0;
    let mut coloured = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            let rest = chars.as_str();
            skip_escape(&mut chars);
            let seq = &rest[..rest.len() - chars.as_str().len()];
            out.push(c);
            out.push_str(seq);
            coloured = seq != "[0m" && seq != "[m";
            continue;
        }
        let w = c.width().unwrap_or(0);
        if n + w > keep {
            break;
        }
        out.push(c);
        n += w;
    }
    if width > 0 {
        out.push('…');
    }
    if coloured {
        out.push_str("\x1b[0m");
    }
    out
}

/// Breaks `line` into lines of at most `width` cells at spaces, the first
/// keeping the line's own indent, the lines after it indented by `indent`
/// spaces; a word longer than a line is split.
pub fn wrap(line: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.max(indent + 10);
    if cells(line) <= width {
        return vec![line.to_string()];
    }
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    // The line's own indent stays on its first line, as part of its first word.
    let body = line.trim_start_matches(' ');
    let lead = &line[..line.len() - body.len()];
    for (k, word) in body.split(' ').enumerate() {
        let mut word = if k == 0 {
            format!("{lead}{word}")
        } else {
            word.to_string()
        };
        loop {
            let n = cells(&word);
            // A line holding only zero-width text (a lone combining mark) still
            // holds something: test the text, not its cells.
            let gap = usize::from(!current.is_empty());
            let start = if lines.is_empty() { 0 } else { indent };
            if start + used + gap + n <= width {
                if gap == 1 {
                    current.push(' ');
                }
                current.push_str(&word);
                used += gap + n;
                break;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                used = 0;
                continue;
            }
            // A word wider than a whole line: split it where its cells fill
            // the line (a wide character takes two; the first always goes).
            let room = width - start;
            let mut taken = 0;
            let split = word
                .char_indices()
                .find(|&(i, c)| {
                    taken += c.width().unwrap_or(0);
                    i > 0 && taken > room
                })
                .map_or(word.len(), |(i, _)| i);
            let rest = word.split_off(split);
            lines.push(std::mem::replace(&mut word, rest));
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    for l in lines.iter_mut().skip(1) {
        l.insert_str(0, &" ".repeat(indent));
    }
    lines
}

/// How a [`Fit`] brings a long line to the width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fitting {
    /// Cut it, with an ellipsis (a table: one line per row).
    Cut,
    /// Wrap it at spaces, continued two spaces in from its indent (notes, prose).
    Wrap,
}

/// A writer that fits every line written through it to `width` cells, or
/// passes text through untouched when `width` is `None`.
pub struct Fit<W: Write> {
    inner: W,
    width: Option<usize>,
    fitting: Fitting,
    pending: Vec<u8>,
}

impl<W: Write> Fit<W> {
    pub fn new(inner: W, width: Option<usize>, fitting: Fitting) -> Self {
        Fit {
            inner,
            width,
            fitting,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, line: &[u8], newline: bool) -> io::Result<()> {
        let Some(width) = self.width else {
            return self.inner.write_all(line);
        };
        let text = String::from_utf8_lossy(line);
        match self.fitting {
            Fitting::Cut => self.inner.write_all(truncate(&text, width).as_bytes())?,
            Fitting::Wrap => {
                // Continued lines hang two spaces in from the line's own indent.
                let indent = text.len() - text.trim_start_matches(' ').len() + 2;
                let lines = wrap(&text, width, indent);
                self.inner.write_all(lines.join("\n").as_bytes())?;
            }
        }
        if newline {
            self.inner.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl<W: Write> Write for Fit<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.width.is_none() {
            return self.inner.write(buf);
        }
        let mut rest = buf;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.pending.extend_from_slice(&rest[..end]);
            let line = std::mem::take(&mut self.pending);
            self.emit(&line, true)?;
            rest = &rest[end + 1..];
        }
        self.pending.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.emit(&line, false)?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Fit<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_in_cells() {
        assert_eq!(cells("日本"), 4);
        assert_eq!(cells("e\u{301}"), 1);
        assert_eq!(cells("\x1b[31mred\x1b[0m"), 3);
        assert_eq!(pad(&truncate("日本語", 5), 5), "日本…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(cells(&pad(&truncate("日本語の会社", 7), 7)), 7);
    }

    #[test]
    fn off_a_terminal_there_is_no_limit() {
        assert_eq!(columns_of(false, Some(terminal_size::Width(80))), None);
        assert_eq!(columns_of(true, Some(terminal_size::Width(97))), Some(97));
    }

    #[test]
    fn a_cut_keeps_the_width_and_closes_colour() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        let cut = truncate("\x1b[31mred text here\x1b[0m", 5);
        assert_eq!(cells(&cut), 5);
        assert!(cut.ends_with("\x1b[0m"), "{cut:?}");
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let line = "not assessed: price-loss: the export has no lost deals with a reason, so the price test cannot be applied";
        let lines = wrap(line, 40, 2);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| cells(l) <= 40), "{lines:?}");
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words, line.split_whitespace().collect::<Vec<_>>());
        let long = "x".repeat(100);
        assert!(wrap(&long, 30, 2).iter().all(|l| cells(l) <= 30));
    }

    #[test]
    fn a_word_of_no_width_is_kept() {
        // The combining mark starts the third line, taking no cell.
        let line = format!("{} {} \u{301}", "a".repeat(10), "b".repeat(11));
        let lines = wrap(&line, 12, 1);
        assert_eq!(
            lines,
            [
                "a".repeat(10),
                format!(" {}", "b".repeat(11)),
                " \u{301}".to_string()
            ]
        );
        assert_eq!(wrap("\u{301}", 12, 1), ["\u{301}"]);
    }

    #[test]
    fn a_long_word_of_wide_characters_splits_by_cells() {
        let wide = "漢".repeat(25);
        let lines = wrap(&format!("a {wide}"), 20, 2);
        assert!(lines.iter().all(|l| cells(l) <= 20), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), format!("a{wide}"));
        let full = format!("  {}", "漢".repeat(9));
        assert_eq!(
            lines[1..3],
            [full.clone(), full],
            "full lines, not half ones"
        );
        assert_eq!(lines.len(), 4);
    }

    #[test]
    fn fit_cuts_each_line_and_passes_through_without_a_width() {
        let mut out = Vec::new();
        {
            let mut fit = Fit::new(&mut out, Some(5), Fitting::Cut);
            write!(fit, "abcdefgh\nab").unwrap();
            write!(fit, "cdefg\nxy").unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "abcd…\nabcd…\nxy");
        let mut out = Vec::new();
        Fit::new(&mut out, None, Fitting::Cut)
            .write_all(b"abcdefgh\n")
            .unwrap();
        assert_eq!(out, b"abcdefgh\n");
    }

    #[test]
    fn a_text_of_the_width_is_kept_whole_and_no_width_keeps_nothing() {
        assert_eq!(truncate("abcd", 4), "abcd");
        assert_eq!(truncate("abc", 0), "");
        // A colour closed before the cut is not closed again.
        assert_eq!(
            truncate("\x1b[31mred\x1b[0m and more", 6),
            "\x1b[31mred\x1b[0m a…"
        );
        assert_eq!(
            truncate("\x1b[1mbold\x1b[m and more", 7),
            "\x1b[1mbold\x1b[m a…"
        );
    }

    #[test]
    fn a_line_is_filled_to_the_last_cell() {
        assert_eq!(wrap("aaaaa bbbb cc", 10, 0), ["aaaaa bbbb", "cc"]);
        assert_eq!(wrap("  indented", 10, 0), ["  indented"]);
    }

    #[test]
    fn a_width_too_narrow_for_the_indent_is_widened_to_ten_past_it() {
        let line = ["word"; 6].join(" ");
        assert_eq!(
            wrap(&line, 5, 2),
            ["word word", "  word word", "  word word"]
        );
    }

    #[test]
    fn wrapped_lines_continue_two_spaces_in_from_their_indent() {
        let mut out = Vec::new();
        {
            let mut fit = Fit::new(&mut out, Some(12), Fitting::Wrap);
            write!(fit, "word word word word\n   word word word word\n").unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "word word\n  word word\n   word word\n     word word\n"
        );
    }

    #[test]
    fn fixed_colour_choices_ignore_the_terminal() {
        assert!(colour(ColorChoice::Always, false));
        assert!(!colour(ColorChoice::Never, true));
    }

    #[test]
    fn a_terminal_of_no_width_falls_back_to_a_real_width() {
        let columns = columns_of(true, Some(terminal_size::Width(0)));
        assert!(columns.is_some_and(|c| c > 0), "{columns:?}");
        assert!(columns_of(true, None).is_some_and(|c| c > 0));
    }

    #[test]
    fn a_stream_has_a_width_exactly_when_it_is_a_terminal() {
        for (columns, is_terminal) in [
            (stdout_columns(), io::stdout().is_terminal()),
            (stderr_columns(), io::stderr().is_terminal()),
        ] {
            assert_eq!(columns.is_some(), is_terminal, "{columns:?}");
            assert_ne!(columns, Some(0));
        }
    }

    /// What `colour` and `columns_of` make of this process's environment, for
    /// [`auto_colour_and_width_follow_the_environment`] to read back.
    #[test]
    #[ignore = "run in a process of its own by auto_colour_and_width_follow_the_environment"]
    fn environment_as_seen() {
        println!(
            "seen: {} {} {:?} {:?}",
            colour(ColorChoice::Auto, false),
            colour(ColorChoice::Auto, true),
            columns_of(true, None),
            columns_of(true, Some(terminal_size::Width(0))),
        );
    }

    /// The environment is the process's own, and a test may not change it
    /// while others read it: each case runs this test binary again with the
    /// variables set, and reads back what `environment_as_seen` printed.
    #[test]
    fn auto_colour_and_width_follow_the_environment() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[], "false true Some(80) Some(80)"),
            (&[("FORCE_COLOR", "1")], "true true Some(80) Some(80)"),
            (&[("FORCE_COLOR", "")], "false true Some(80) Some(80)"),
            (&[("NO_COLOR", "1")], "false false Some(80) Some(80)"),
            (&[("NO_COLOR", "")], "false true Some(80) Some(80)"),
            (
                &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")],
                "true true Some(80) Some(80)",
            ),
            (&[("TERM", "dumb")], "false false Some(80) Some(80)"),
            (&[("TERM", "xterm")], "false true Some(80) Some(80)"),
            (&[("COLUMNS", " 100 ")], "false true Some(100) Some(100)"),
            (&[("COLUMNS", "0")], "false true Some(80) Some(80)"),
            (&[("COLUMNS", "wide")], "false true Some(80) Some(80)"),
        ];
        let exe = std::env::current_exe().unwrap();
        for (vars, want) in cases {
            let mut child = std::process::Command::new(&exe);
            child.args([
                "--exact",
                "term::tests::environment_as_seen",
                "--ignored",
                "--nocapture",
            ]);
            for name in ["FORCE_COLOR", "NO_COLOR", "TERM", "COLUMNS"] {
                child.env_remove(name);
            }
            child.envs(vars.iter().copied());
            let out = child.output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let seen = stdout.lines().find_map(|l| l.strip_prefix("seen: "));
            assert_eq!(seen, Some(*want), "{vars:?}: {stdout}");
        }
    }
}
