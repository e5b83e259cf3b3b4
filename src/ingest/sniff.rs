//! A file's head: its encoding, delimiter and header row, decided from the
//! first bytes unless a flag gives them; and delimiters as people name them.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::encoding::{self, TextEncoding};
use super::reader::{MAX_HEADER_BYTES, Next, Records};
use super::stream::Opened;

/// A delimiter as reported: `,` `;` `tab` `|`.
pub fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        other => (other as char).to_string(),
    }
}

/// A delimiter as a person gives it on the command line.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s.to_ascii_lowercase().as_str() {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "\\t" | "tab" => Ok(b'\t'),
        "|" | "pipe" => Ok(b'|'),
        _ => Err(format!(
            "'{s}' is not a delimiter rapport reads: comma, semicolon, tab or pipe"
        )),
    }
}

/// What the first bytes of a file say: encoding, delimiter and header row.
#[derive(Debug, Clone)]
pub struct Sniffed {
    pub encoding: TextEncoding,
    pub bom: bool,
    pub delimiter: u8,
    pub headers: Vec<String>,
    /// The first line ends in CRLF.
    pub crlf: bool,
}

/// Opens a file and reads its head, as [`sniff_opened`] does.
pub fn sniff(
    path: &Path,
    encoding: Option<TextEncoding>,
    delimiter: Option<u8>,
) -> Result<Sniffed> {
    let source = Opened::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    sniff_opened(path, &source, encoding, delimiter)
}

/// Reads an input's head: decides (or takes) its encoding and delimiter and
/// reads its header row. The encoding is decided from the whole head (at most
/// [`PREFIX_BYTES`](super::stream::PREFIX_BYTES)), the delimiter from its first
/// line; a header row past [`MAX_HEADER_BYTES`] makes the file unusable.
pub fn sniff_opened(
    path: &Path,
    source: &Opened,
    encoding: Option<TextEncoding>,
    delimiter: Option<u8>,
) -> Result<Sniffed> {
    let head = source
        .head()
        .with_context(|| format!("cannot read {}", path.display()))?;
    let (detected, bom_len) = encoding::detect(&head);
    let encoding = encoding.unwrap_or(detected);
    let first = &head[..head.len().min(64 * 1024)];
    let text = encoding::decode_sample(first, encoding);
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(text.as_bytes()));
    let look = source
        .look()
        .with_context(|| format!("cannot read {}", path.display()))?;
    let mut records = Records::new(
        encoding::utf8_stream(look, encoding),
        delimiter,
        MAX_HEADER_BYTES,
    );
    let mut record = csv::ByteRecord::new();
    let headers = match records
        .next(&mut record)
        .with_context(|| format!("cannot read {}", path.display()))?
    {
        Next::Record(_) => record
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().to_string())
            .collect(),
        Next::Lost { line, reason, .. } => {
            bail!(
                "{}: the header row (line {line}) cannot be read: {reason}",
                path.display()
            )
        }
        Next::End => bail!("{} is empty: no header row", path.display()),
    };
    let crlf = first_line_ends_in_crlf(text.as_bytes());
    Ok(Sniffed {
        encoding,
        bom: bom_len > 0,
        delimiter,
        headers,
        crlf,
    })
}

/// Whether the header line ends in CRLF (outside quotes).
fn first_line_ends_in_crlf(body: &[u8]) -> bool {
    let mut quoted = false;
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\r' | b'\n' if !quoted => return b == b'\r' && body.get(i + 1) == Some(&b'\n'),
            _ => {}
        }
    }
    false
}

/// The delimiter that splits the first line into the most fields, outside quotes.
fn sniff_delimiter(body: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in body {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], 4 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,2;3"), b';');
        assert_eq!(sniff_delimiter(b"\"a,b\";c;d\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"abc"), b',');
    }
}
